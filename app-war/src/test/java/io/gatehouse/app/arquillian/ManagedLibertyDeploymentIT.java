package io.gatehouse.app.arquillian;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.app.Api;
import io.gatehouse.app.RestApplication;
import io.gatehouse.app.cassandra.CassandraSession;
import io.gatehouse.app.errors.ProblemMapper;
import io.gatehouse.app.me.MeResource;
import io.gatehouse.app.records.RecordResource;
import io.gatehouse.app.security.Caller;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.junit.WithStack;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.Filter;
import org.jboss.shrinkwrap.api.Filters;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The records feature deployed by Arquillian to a Liberty server it starts and stops itself (from the
 * production server.xml), on the same real Keycloak and Cassandra as the other tests: the deployment holds the
 * packages of the records feature (not the admin and members ones), with the third-party libraries of the packaged WAR.
 */
@WithStack({Component.KEYCLOAK, Component.LIBERTY})
@ExtendWith(ArquillianLibertyServer.class)
@ExtendWith(ArquillianExtension.class)
class ManagedLibertyDeploymentIT {
    private static final File PACKAGED_WAR = new File("target/gatehouse-app.war");
    private static final Path MAIN_CLASSES = Path.of("target/classes");

    @ArquillianResource
    private URL deployment;
    private Api api;
    private Api server;

    @Deployment(testable = false)
    static WebArchive recordsFeature() {
        WebArchive packaged = ShrinkWrap.createFromZipFile(WebArchive.class, PACKAGED_WAR);
        // The app's own classes of these packages, not the tests that live beside them.
        Filter<ArchivePath> mainClasses = path -> Files.exists(MAIN_CLASSES.resolve(path.get().substring(1)));
        return ShrinkWrap.create(WebArchive.class, "records-feature.war")
                .addPackages(false, mainClasses, RestApplication.class.getPackage(), MeResource.class.getPackage(),
                        RecordResource.class.getPackage(), Caller.class.getPackage(), ProblemMapper.class.getPackage(),
                        CassandraSession.class.getPackage())
                .addAsResource("META-INF/microprofile-config.properties")
                .addAsResource("application.conf")
                .addAsWebInfResource(new File("src/main/webapp/WEB-INF/beans.xml"), "beans.xml")
                .merge(packaged, Filters.include("/WEB-INF/lib/.*"));
    }

    /** The app connects to Cassandra (and migrates the schema) in the background once deployed: wait as a load balancer would. */
    @BeforeEach
    void connect(Stack stack) throws InterruptedException {
        api = new Api(stack, deployment.toString().replaceAll("/$", "") + "/api/v1");
        server = new Api(stack, deployment.getProtocol() + "://" + deployment.getHost() + ":" + deployment.getPort());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!"UP".equals(cassandraCheck().path("status").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
    }

    private JsonNode cassandraCheck() {
        Api.Response ready = server.get("/health/ready", null);
        return StreamSupport.stream(ready.json().path("checks").spliterator(), false)
                .filter(check -> check.path("name").asText().equals("cassandra")).findFirst().orElseThrow();
    }

    @Test
    void storesAndReadsARecordWithARealKeycloakTokenInRealCassandra() {
        String alice = api.token("alice");
        Api.Response created = api.post("/records", alice, "{\"title\":\"On Arquillian\",\"body\":\"deployed by the test\",\"tags\":[\"arq\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        Api.Response read = api.get("/records/" + created.json().path("id").asText(), alice);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().path("title").asText()).isEqualTo("On Arquillian");
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void refusesACallWithoutATokenAndAnotherUsersRecord() {
        String alice = api.token("alice");
        String id = api.post("/records", alice, "{\"title\":\"private\",\"body\":\"\"}").json().path("id").asText();

        assertThat(api.get("/records/" + id, null).status()).isEqualTo(401);
        assertThat(api.get("/records/" + id, api.token("bob")).status()).isEqualTo(404);
    }

    @Test
    void reportsItsCassandraCheckAsReady() {
        // The server's overall readiness stays DOWN here: mpHealth counts the production app entry this test
        // server keeps but does not start. The deployment's own check is what this test is about.
        assertThat(cassandraCheck().path("status").asText()).isEqualTo("UP");
    }

    @Test
    void sendsATraceAndTheRouteMetricOfARequestOverOtlpAsToTheCollector(Stack stack) throws Exception {
        String alice = api.token("alice");
        String id = api.post("/records", alice, "{\"title\":\"traced\",\"body\":\"\"}").json().path("id").asText();
        assertThat(api.get("/records/" + id, alice).status()).isEqualTo(200);
        String route = "/records-feature/api/v1/records/{id}";
        OtlpReceiver collector = OtlpReceiver.shared(stack.config().host());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Predicate<OtlpReceiver.Received> theRead = received -> "gatehouse-api".equals(received.service())
                && route.equals(received.attributes().get("http.route")) && "GET".equals(received.attributes().get("http.request.method"))
                && "200".equals(received.attributes().get("http.response.status_code"));
        while (System.nanoTime() < deadline && !(collector.spans().stream().anyMatch(theRead)
                && collector.dataPoints().stream().anyMatch(point -> point.name().equals("http.server.request.duration") && theRead.test(point)))) {
            Thread.sleep(250);
        }
        assertThat(collector.spans()).as("a server span of the read, named by its route").anyMatch(span -> theRead.test(span) && span.name().equals("GET " + route));
        assertThat(collector.dataPoints()).as("the request-duration histogram's point for the route").anyMatch(point ->
                point.name().equals("http.server.request.duration") && theRead.test(point));
        assertThat(collector.dataPoints()).as("no raw path (and so no record id) becomes a metric's attribute")
                .noneMatch(point -> point.attributes().values().stream().anyMatch(value -> value.contains(id)));
        assertThat(collector.refused()).as("every export was OTLP/HTTP protobuf to its path").isEmpty();
    }

    @Test
    void describesItsEndpointsInOpenApi() {
        Api.Response openApi = server.call("GET", "/openapi", null, null, Map.of("Accept", "application/json"));
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.json().path("paths").has("/api/v1/records/{id}")).as(openApi.toString()).isTrue();
        assertThat(openApi.json().at("/components/securitySchemes/keycloak/scheme").asText()).isEqualTo("bearer");
    }
}
