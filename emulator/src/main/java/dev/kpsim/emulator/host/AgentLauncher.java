package dev.kpsim.emulator.host;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.emulator.responder.Responder;
import dev.kpsim.mode.userspace.proxier.LoadBalancerRR;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the command line that starts one of this module's in-namespace programs (responder, client, userspace
 * proxy) as its own JVM: {@code ip netns exec NS JAVA FLAGS -cp CLASSES MAIN ARGS}. A JVM cannot move single
 * threads into other network namespaces safely, so one process per namespace is the honest way.
 *
 * <p>The flags keep start-up cheap (tens of pods start in parallel on two cores): C1 only, class-data sharing,
 * serial GC, a small heap and thread stacks, no perf data file. The class path is wherever this module's, sim-core's
 * and modes-userspace's classes were loaded from (the CLI's shaded jar, or the modules' {@code target/classes}).
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

    /** The classes whose code locations make up the programs' class path: this module, modes-userspace, sim-core. */
    private static final List<Class<?>> ANCHORS = List.of(Responder.class, LoadBalancerRR.class, IpAddress.class);

    /** The launcher for the running JVM's {@code java} and the code locations the programs need. */
    public static AgentLauncher current() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new AgentLauncher(java, classPath());
    }

    /**
     * The class path of the in-namespace programs: the code location of this module, of modes-userspace (the
     * userspace proxy runs its {@code LoadBalancerRR}) and of sim-core, without repeats — one jar for the CLI's shaded
     * jar, three {@code target/classes} directories in a build.
     */
    static String classPath() {
        Set<String> parts = new LinkedHashSet<>();
        for (Class<?> c : ANCHORS) {
            parts.add(codeLocation(c));
        }
        return String.join(File.pathSeparator, parts);
    }

    static String codeLocation(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            throw new EmulatorException("cannot tell where " + c.getName() + " was loaded from");
        }
        try {
            return Path.of(cs.getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new EmulatorException("the code location of " + c.getName() + " is not a file: " + cs.getLocation(), e);
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
