package dev.batchprogress.checks;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.LocationProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The main classes of every module, read from each module's {@code target/classes}.
 *
 * <p>The classes are read from the build directories rather than from the class path, because the
 * server and benchmark jars are shaded and carry copies of core and servlet classes. A class then
 * belongs to exactly one module: the one whose directory it was read from.
 */
final class ModuleClasses implements LocationProvider {

    static final String CORE = "progress-core";
    static final String SERVLET = "progress-servlet";
    static final String SERVER = "progress-server";
    static final String JMH = "progress-jmh";

    static final List<String> MODULES = List.of(CORE, SERVLET, SERVER, JMH);

    @Override
    public Set<Location> get(Class<?> testClass) {
        Set<Location> locations = new LinkedHashSet<>();
        for (String module : MODULES) {
            locations.add(Location.of(classesOf(module)));
        }
        return locations;
    }

    /**
     * Returns the compiled main classes of a module.
     *
     * @throws IllegalStateException if the module has not been compiled
     */
    static Path classesOf(String module) {
        Path classes = projectRoot().resolve(module).resolve("target").resolve("classes");
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException(
                    "no compiled classes of module "
                            + module
                            + " at "
                            + classes
                            + "; run mvn -B verify from the project root");
        }
        return classes;
    }

    /** Returns the project root: the parent of this module's directory. */
    private static Path projectRoot() {
        // Surefire sets basedir to the module directory; an IDE usually runs tests there too.
        String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
        return Path.of(basedir).toAbsolutePath().normalize().getParent();
    }

    /** Selects the classes that were read from a module's {@code target/classes}. */
    static DescribedPredicate<JavaClass> inModule(String module) {
        String marker = "/" + module + "/target/classes/";
        return DescribedPredicate.describe(
                "are in module " + module,
                javaClass ->
                        javaClass
                                .getSource()
                                .map(source -> source.getUri().toString().contains(marker))
                                .orElse(false));
    }
}
