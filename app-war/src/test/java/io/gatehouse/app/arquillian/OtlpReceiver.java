package io.gatehouse.app.arquillian;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * What the ADOT collector beside the API is in AWS, for a test: an OTLP/HTTP receiver ({@code /v1/traces},
 * {@code /v1/metrics}, protobuf bodies, gzip or not) on loopback that keeps what the server sends, decoded with
 * OpenTelemetry's own message classes. Anything else is answered 404 and kept as a refusal.
 */
public final class OtlpReceiver {
    private static OtlpReceiver shared;
    private final HttpServer server;
    private final List<Received> spans = new CopyOnWriteArrayList<>();
    private final List<Received> dataPoints = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    /** A span or a metric's data point: its name, its service and its attributes as text. */
    public record Received(String name, String service, Map<String, String> attributes) {
    }

    private OtlpReceiver(String host) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, 0), 0);
        server.createContext("/", this::receive);
        server.start();
    }

    /** One receiver per test JVM, as Liberty is started once per test JVM; stopped with the JVM. */
    public static synchronized OtlpReceiver shared(String host) throws IOException {
        if (shared == null) {
            shared = new OtlpReceiver(host);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> shared.server.stop(0)));
        }
        return shared;
    }

    public String endpoint() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    public List<Received> spans() {
        return List.copyOf(spans);
    }

    public List<Received> dataPoints() {
        return List.copyOf(dataPoints);
    }

    public List<String> refused() {
        return List.copyOf(refused);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("POST") || !List.of("/v1/traces", "/v1/metrics").contains(path)
                    || !"application/x-protobuf".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                refused.add(exchange.getRequestMethod() + " " + path + " " + exchange.getRequestHeaders().getFirst("Content-Type"));
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body;
            try (InputStream in = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (path.equals("/v1/traces")) {
                ExportTraceServiceRequest.parseFrom(body).getResourceSpansList().forEach(resource -> {
                    String service = text(resource.getResource().getAttributesList()).get("service.name");
                    resource.getScopeSpansList().forEach(scope -> scope.getSpansList().forEach(span -> spans.add(span(span, service))));
                });
            } else {
                ExportMetricsServiceRequest.parseFrom(body).getResourceMetricsList().forEach(resource -> {
                    String service = text(resource.getResource().getAttributesList()).get("service.name");
                    resource.getScopeMetricsList().forEach(scope -> scope.getMetricsList().forEach(metric -> dataPoints.addAll(points(metric, service))));
                });
            }
            // An empty Export*ServiceResponse: zero bytes of protobuf.
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        } catch (IOException | RuntimeException e) {
            refused.add("undecodable: " + e);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private static Received span(Span span, String service) {
        return new Received(span.getName(), service, text(span.getAttributesList()));
    }

    /** Each data point of a histogram or a sum (the kinds the server's HTTP and JVM metrics use). */
    private static List<Received> points(Metric metric, String service) {
        List<Received> points = new ArrayList<>();
        metric.getHistogram().getDataPointsList().forEach(point -> points.add(new Received(metric.getName(), service, text(point.getAttributesList()))));
        metric.getSum().getDataPointsList().forEach(point -> points.add(new Received(metric.getName(), service, text(point.getAttributesList()))));
        metric.getGauge().getDataPointsList().forEach(point -> points.add(new Received(metric.getName(), service, text(point.getAttributesList()))));
        return points;
    }

    private static Map<String, String> text(List<KeyValue> attributes) {
        return attributes.stream().collect(Collectors.toMap(KeyValue::getKey, attribute -> text(attribute.getValue()), (a, b) -> b));
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            default -> value.toString();
        };
    }
}
