package dev.kpsim.emulator.host;

import dev.kpsim.emulator.responder.Responder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the command line that starts one of this module's in-namespace programs (responder, client, userspace
 * proxy) as its own JVM: {@code ip netns exec NS JAVA FLAGS -cp CLASSES MAIN ARGS}. A JVM cannot move single
 * threads into other network namespaces safely, so one process per namespace is the honest way.
 *
 * <p>The flags keep start-up cheap (tens of pods start in parallel on two cores): C1 only, class-data sharing,
 * serial GC, a small heap and thread stacks, no perf data file. The class path is wherever this module's classes
 * were loaded from (its jar, the CLI's shaded jar, or {@code target/classes}); the programs use the JDK only.
 */
public final class AgentLauncher {

    private static final List<String> JVM_FLAGS = List.of(
            "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC", "-Xms8m", "-Xmx48m", "-Xss256k",
            "-XX:-UsePerfData");

    private final String javaBinary;
    private final String classPath;

    public AgentLauncher(String javaBinary, String classPath) {
        this.javaBinary = javaBinary;
        this.classPath = classPath;
    }

    /** The launcher for the running JVM's {@code java} and this module's code location. */
    public static AgentLauncher current() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new AgentLauncher(java, codeLocation());
    }

    static String codeLocation() {
        CodeSource cs = Responder.class.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            throw new EmulatorException("cannot tell where the emulator's classes were loaded from");
        }
        try {
            return Path.of(cs.getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new EmulatorException("the emulator's code location is not a file: " + cs.getLocation(), e);
        }
    }

    /** The full command to run {@code mainClass} with {@code args} inside network namespace {@code ns}. */
    public List<String> command(String ns, Class<?> mainClass, List<String> args) {
        List<String> jvm = new ArrayList<>();
        jvm.add(javaBinary);
        jvm.addAll(JVM_FLAGS);
        jvm.add("-cp");
        jvm.add(classPath);
        jvm.add(mainClass.getName());
        jvm.addAll(args);
        return Command.inNamespace(ns, jvm);
    }
}
