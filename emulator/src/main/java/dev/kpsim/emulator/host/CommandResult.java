package dev.kpsim.emulator.host;

import java.util.List;

/** What one finished command printed and returned. */
public record CommandResult(List<String> argv, int exitCode, String stdout, String stderr) {

    public CommandResult {
        argv = List.copyOf(argv);
    }

    public boolean ok() {
        return exitCode == 0;
    }

    /**
     * This result if the command succeeded.
     *
     * @throws EmulatorException naming {@code what}, the command line, the exit code and the error output
     */
    public CommandResult orThrow(String what) {
        if (!ok()) {
            throw new EmulatorException(what + " failed: `" + String.join(" ", argv) + "` exited " + exitCode
                    + (stderr.isBlank() ? "" : ": " + stderr.strip()));
        }
        return this;
    }
}
