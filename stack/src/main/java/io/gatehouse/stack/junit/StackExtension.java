package io.gatehouse.stack.junit;

import io.gatehouse.stack.Component;
import io.gatehouse.stack.Settings;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Starts the stack a {@link WithStack} class asks for, on free ports, with data under {@code target/} of the
 * module under test, and stops it when the test JVM's root context closes (after the last test class); a stack with
 * a cluster (of Cassandra or Keycloak nodes) stops after its class.
 * Keycloak gets the realm files of keycloak-realm. Starts before the
 * class's other extensions' {@code beforeAll}, so those can use it through {@link #stack(ExtensionContext)}.
 */
public final class StackExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Stack.class;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        stack(context);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return stack(context);
    }

    /** The stack of the test class's {@link WithStack}, started on first use and shared by every class asking for the same set. */
    public static Stack stack(ExtensionContext context) {
        WithStack annotation = context.getRequiredTestClass().getAnnotation(WithStack.class);
        if (annotation == null) {
            throw new IllegalStateException(context.getRequiredTestClass().getName() + " takes a Stack but has no @WithStack");
        }
        Set<Component> components = EnumSet.noneOf(Component.class);
        components.addAll(List.of(annotation.value()));
        Nodes nodes = new Nodes(annotation.cassandraNodes(), annotation.keycloakNodes());
        // A cluster is the class's own and stops after it: servers left idle would slow the classes after it.
        ExtensionContext owner = nodes.clustered() ? classContext(context) : context.getRoot();
        return owner.getStore(NAMESPACE)
                .getOrComputeIfAbsent("stack-" + components + "-" + nodes, key -> StartedStack.of(components, nodes), StartedStack.class)
                .stack();
    }

    /** How many nodes the clustering servers run. */
    private record Nodes(int cassandra, int keycloak) {
        boolean clustered() {
            return cassandra > 1 || keycloak > 1;
        }

        /** Part of the stack's folder name: none for single nodes. */
        String suffix() {
            return (cassandra > 1 ? "-cassandra" + cassandra : "") + (keycloak > 1 ? "-keycloak" + keycloak : "");
        }
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    private static Stack start(Set<Component> components, Nodes nodes) {
        Map<String, String> test = new HashMap<>(StackConfig.anyFreePorts());
        test.put("gatehouse.cassandra.nodes", Integer.toString(nodes.cassandra()));
        test.put("gatehouse.keycloak.nodes", Integer.toString(nodes.keycloak()));
        // A folder per set of servers: two stacks in one test JVM must never start two Cassandras on one data folder.
        String name = "stack-" + ProcessHandle.current().pid() + "-" + components.stream()
                .map(component -> component.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining("-"))
                + nodes.suffix();
        test.put("gatehouse.work.dir", Path.of("target", name).toAbsolutePath().toString());
        StackConfig config = StackConfig.load(new Settings(test, System.getenv()));
        return Stack.start(config, components, line -> System.out.println("[stack] " + line));
    }

    /**
     * Closed by JUnit with the root context, so servers stop once every test class of the JVM has run. A failed
     * start is kept too, so that the other tests report it at once instead of each trying again.
     */
    private record StartedStack(Stack started, RuntimeException failure) implements AutoCloseable {
        static StartedStack of(Set<Component> components, Nodes nodes) {
            try {
                return new StartedStack(start(components, nodes), null);
            } catch (RuntimeException e) {
                return new StartedStack(null, e);
            }
        }

        Stack stack() {
            if (failure != null) {
                throw failure;
            }
            return started;
        }

        @Override
        public void close() {
            if (started != null) {
                started.close();
            }
        }
    }
}
