// The benchmark's peer, not shipped: what the records API does for a point read and a create, as the original design
// would have built it - a Node.js service (Fastify) verifying the same Keycloak tokens (jose: RS256 against Keycloak's
// JWKS, issuer, audience, expiry) and reading and writing the same Cassandra tables (DataStax cassandra-driver) at the
// same consistency. It makes the same checks the API makes before Cassandra: an access token (typ Bearer), the
// "user" group, exactly one organization (the tenant). As Node.js is deployed, one worker process per core (node:cluster,
// PEER_WORKERS) shares the port. Configuration from the environment; see bench/README.md.
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import Fastify from 'fastify';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import cassandra from 'cassandra-driver';

const { TimeUuid, Uuid } = cassandra.types;
const { localQuorum, localSerial } = cassandra.types.consistencies;

function setting(name, fallback) {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') {
    console.error(`peer: set ${name}`);
    process.exit(2);
  }
  return value;
}

const workers = Number(setting('PEER_WORKERS', String(availableParallelism())));
if (cluster.isPrimary && workers > 1) {
  await primaryOf(workers);
} else {
  await worker();
}

/** Forks the workers, reports once all listen, and stops them on SIGTERM or SIGINT. */
async function primaryOf(count) {
  const addresses = [];
  for (let i = 0; i < count; i++) {
    const child = cluster.fork();
    addresses.push(new Promise((resolve, reject) => {
      child.on('message', (message) => resolve(message.listening));
      child.on('exit', (code) => reject(new Error(`worker ${i + 1} exited with code ${code}`)));
    }));
  }
  const stop = () => Object.values(cluster.workers).forEach((child) => child.kill('SIGTERM'));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  try {
    const [address] = await Promise.all(addresses);
    console.log(`peer: listening on ${address} (${count} workers)`);
  } catch (error) {
    console.error(`peer: ${error.message}`);
    stop();
    process.exitCode = 1;
  }
}

async function worker() {
  const issuer = setting('PEER_ISSUER');
  const audience = setting('PEER_AUDIENCE', 'gatehouse-api');
  const jwks = createRemoteJWKSet(new URL(setting('PEER_JWKS_URL', `${issuer}/protocol/openid-connect/certs`)));
  const client = new cassandra.Client({
    contactPoints: setting('PEER_CASSANDRA_CONTACT_POINTS', '127.0.0.1:9042').split(','),
    localDataCenter: setting('PEER_CASSANDRA_DATACENTER', 'datacenter1'),
    queryOptions: { consistency: localQuorum, serialConsistency: localSerial, prepare: true },
  });

  const TABLE = 'gatehouse.records_by_owner';
  const COLUMNS = 'id, owner, title, body, tags, created_at, updated_at, version';
  const SELECT_ONE = `SELECT ${COLUMNS} FROM ${TABLE} WHERE tenant = ? AND owner = ? AND bucket = ? AND id = ?`;
  const INSERT_BUCKET = 'INSERT INTO gatehouse.record_buckets (tenant, owner, bucket, owner_name) VALUES (?, ?, ?, ?)';
  const INSERT = `INSERT INTO ${TABLE} (tenant, owner, bucket, id, title, body, tags, created_at, updated_at, version)`
    + ' VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS';

  class Problem extends Error {
    constructor(status, detail) {
      super(detail);
      this.status = status;
    }
  }

  /** The month partition of a time-based id, as MonthBucket does: 2026-12. */
  function bucketOf(id) {
    return id.getDate().toISOString().slice(0, 7);
  }

  /** Who calls, from a verified access token; a Problem (401 or 403) otherwise. */
  async function caller(request) {
    const header = request.headers.authorization ?? '';
    if (!header.startsWith('Bearer ')) {
      throw new Problem(401, 'a bearer token is required');
    }
    let claims;
    try {
      ({ payload: claims } = await jwtVerify(header.slice(7), jwks, { issuer, audience, algorithms: ['RS256'] }));
    } catch {
      throw new Problem(401, 'the token is not valid');
    }
    if (claims.typ !== 'Bearer') {
      throw new Problem(401, 'only access tokens may call the API');
    }
    if (!Array.isArray(claims.groups) || !claims.groups.includes('user')) {
      throw new Problem(403, 'not a user');
    }
    const organizations = typeof claims.organization === 'string' ? [claims.organization]
      : Array.isArray(claims.organization) ? claims.organization.filter((value) => typeof value === 'string') : [];
    if (organizations.length !== 1) {
      throw new Problem(403, 'the token must name exactly one organization');
    }
    return { tenant: organizations[0], subject: claims.sub, username: claims.preferred_username };
  }

  function validInput(body) {
    const tags = body?.tags ?? [];
    const valid = body && typeof body.title === 'string' && body.title.trim() !== '' && body.title.length <= 200
      && typeof body.body === 'string' && body.body.length <= 50_000
      && Array.isArray(tags) && tags.length <= 20
      && tags.every((tag) => typeof tag === 'string' && tag.length <= 40 && /^[\p{L}\p{N}_.-]+$/u.test(tag));
    if (!valid) {
      throw new Problem(400, 'title (1-200 characters), body (up to 50,000) and up to 20 tags are required');
    }
    return { title: body.title, body: body.body, tags: [...new Set(tags)] };
  }

  function json(row) {
    return {
      id: row.id.toString(), owner: row.owner, title: row.title, body: row.body, tags: row.tags ?? [],
      createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(), version: row.version,
    };
  }

  const app = Fastify({ bodyLimit: 64 * 1024 });

  app.setErrorHandler((error, request, reply) => {
    const status = error instanceof Problem ? error.status
      : error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode
        : error instanceof cassandra.errors.DriverError || error.name === 'NoHostAvailableError' ? 503 : 500;
    if (status === 503) {
      reply.header('Retry-After', '5');
    }
    if (status >= 500) {
      request.log.error(error);
    }
    reply.code(status).type('application/problem+json').send({ status, title: error.message });
  });

  app.get('/api/v1/records/:id', async (request, reply) => {
    const who = await caller(request);
    let id;
    try {
      id = Uuid.fromString(request.params.id);
    } catch {
      throw new Problem(404, 'no such record');
    }
    if (id.getBuffer()[6] >> 4 !== 1) {
      throw new Problem(404, 'no such record');
    }
    const time = TimeUuid.fromString(request.params.id);
    const result = await client.execute(SELECT_ONE, [who.tenant, who.subject, bucketOf(time), time], { isIdempotent: true });
    const row = result.first();
    if (!row) {
      throw new Problem(404, 'no such record');
    }
    return reply.header('ETag', `"${row.version}"`).send(json(row));
  });

  app.post('/api/v1/records', async (request, reply) => {
    const who = await caller(request);
    const input = validInput(request.body);
    const id = TimeUuid.now();
    const now = id.getDate();
    const bucket = bucketOf(id);
    await client.execute(INSERT_BUCKET, [who.tenant, who.subject, bucket, who.username], { isIdempotent: true });
    const result = await client.execute(INSERT,
      [who.tenant, who.subject, bucket, id, input.title, input.body, input.tags, now, now, 1]);
    if (!result.wasApplied()) {
      throw new Problem(500, `record id ${id} was taken before it was written`);
    }
    const row = { id, owner: who.subject, ...input, created_at: now, updated_at: now, version: 1 };
    return reply.code(201).header('Location', `/api/v1/records/${id}`).header('ETag', '"1"').send(json(row));
  });

  async function stop() {
    await app.close();
    await client.shutdown();
    process.exit(0);
  }
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  await client.connect();
  const address = await app.listen({ host: '127.0.0.1', port: Number(setting('PEER_PORT', '0')) });
  if (cluster.isWorker) {
    process.send({ listening: address });
  } else {
    console.log(`peer: listening on ${address}`);
  }
}
