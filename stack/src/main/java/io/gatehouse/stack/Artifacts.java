package io.gatehouse.stack;

import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.transfer.AbstractTransferListener;
import org.eclipse.aether.transfer.TransferEvent;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Resolves server distributions from Maven Central into the local Maven repository (~/.m2), the same place
 * and the same rules as the build itself, so a download happens once per machine.
 */
public final class Artifacts {
    private final RepositorySystem system;
    private final DefaultRepositorySystemSession session;
    private final List<RemoteRepository> repositories;

    public Artifacts(Path localRepository, String remoteUrl, Consumer<String> progress) {
        this.system = new RepositorySystemSupplier().get();
        this.session = MavenRepositorySystemUtils.newSession();
        session.setLocalRepositoryManager(system.newLocalRepositoryManager(session, new LocalRepository(localRepository.toFile())));
        session.setTransferListener(new DownloadProgress(progress));
        this.repositories = List.of(new RemoteRepository.Builder("central", "default", remoteUrl).build());
    }

    /** One artifact, without its dependencies, e.g. {@code org.keycloak:keycloak-quarkus-dist:zip:26.7.3}. */
    public Path resolve(String coordinates) {
        try {
            ArtifactResult result = system.resolveArtifact(session,
                    new ArtifactRequest(new DefaultArtifact(coordinates), repositories, null));
            return result.getArtifact().getFile().toPath();
        } catch (ArtifactResolutionException e) {
            throw new IllegalStateException("cannot resolve " + coordinates + " from Maven Central: " + e.getMessage(), e);
        }
    }

    /** An artifact with its runtime dependencies, as a class path. */
    public List<Path> resolveClasspath(String coordinates) {
        CollectRequest collect = new CollectRequest(new Dependency(new DefaultArtifact(coordinates), JavaScopes.RUNTIME), repositories);
        try {
            return system.resolveDependencies(session,
                            new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME)))
                    .getArtifactResults().stream()
                    .map(result -> result.getArtifact().getFile().toPath())
                    .toList();
        } catch (DependencyResolutionException e) {
            throw new IllegalStateException("cannot resolve " + coordinates + " with its dependencies from Maven Central: " + e.getMessage(), e);
        }
    }

    /** Prints a line per large download, so a first start that fetches hundreds of MB shows it is working. */
    private static final class DownloadProgress extends AbstractTransferListener {
        private static final long LARGE = 5L * 1024 * 1024;
        private final Consumer<String> progress;

        DownloadProgress(Consumer<String> progress) {
            this.progress = progress;
        }

        @Override
        public void transferStarted(TransferEvent event) {
            long size = event.getResource().getContentLength();
            if (size > LARGE) {
                progress.accept("downloading " + event.getResource().getResourceName() + " (" + size / (1024 * 1024) + " MB)");
            }
        }

        @Override
        public void transferSucceeded(TransferEvent event) {
            long size = event.getTransferredBytes();
            if (size > LARGE) {
                progress.accept("downloaded " + event.getResource().getResourceName() + " in "
                        + (System.currentTimeMillis() - event.getResource().getTransferStartTime()) / 1000 + " s");
            }
        }
    }
}
