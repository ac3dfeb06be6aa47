package dev.batchprogress.server;

import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns SIGINT and SIGTERM into a stop request, so that a server stops in order and the process
 * exits with the code its main method chooses.
 *
 * <p>Without a handler, the JVM handles these signals by running its shutdown hooks and exiting
 * with 128 plus the signal number (130 or 143). The handlers are installed through {@code
 * sun.misc.Signal} of the {@code jdk.unsupported} module, which OpenJDK keeps accessible for this
 * purpose. It is reached by reflection, because javac warns about every direct use and this build
 * treats warnings as errors.
 */
final class StopSignals {

    private static final System.Logger LOG = System.getLogger(StopSignals.class.getName());

    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private StopSignals() {}

    /**
     * Calls {@code onStop} on a JVM thread when the process gets SIGINT or SIGTERM.
     *
     * <p>Note that where the handlers cannot be installed, such as on a JVM started with {@code
     * -Xrs}, the signals keep their default effect: the JVM runs its shutdown hooks and exits with
     * 130 or 143. A caller that must stop in order then needs a shutdown hook as well.
     *
     * @param onStop what to run, once per signal; it must return quickly
     * @return whether the handlers were installed
     */
    static boolean install(Runnable onStop) {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object handler =
                    Proxy.newProxyInstance(
                            handlerType.getClassLoader(),
                            new Class<?>[] {handlerType},
                            new Forwarder(onStop));
            Method handle = signalType.getMethod("handle", signalType, handlerType);
            for (String name : SIGNALS) {
                Object signal = signalType.getConstructor(String.class).newInstance(name);
                handle.invoke(null, signal, handler);
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "cannot handle SIGINT and SIGTERM ({0}); a signal stops the server from a"
                            + " shutdown hook, and the exit code is then 130 or 143",
                    e.toString());
            return false;
        }
    }

    /** The {@code sun.misc.SignalHandler} that calls the stop action. */
    private static final class Forwarder implements InvocationHandler {

        private final Runnable onStop;

        Forwarder(Runnable onStop) {
            this.onStop = onStop;
        }

        @Override
        public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) {
            return switch (method.getName()) {
                case "handle" -> {
                    onStop.run();
                    yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> args != null && proxy == args[0];
                default -> "StopSignals.Forwarder";
            };
        }
    }
}
