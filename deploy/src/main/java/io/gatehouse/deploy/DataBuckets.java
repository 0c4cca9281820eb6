package io.gatehouse.deploy;

import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/** A bucket for data (archives, backups): on the data key, private, TLS only, owner-enforced, versioned; callers add lifecycle rules. */
public final class DataBuckets {
    private DataBuckets() {
    }

    public static Bucket.Builder builder(Construct scope, String id, IKey key) {
        return Bucket.Builder.create(scope, id)
                .encryption(BucketEncryption.KMS).encryptionKey(key).bucketKeyEnabled(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(true);
    }
}
