package io.tango.plugin.mlflow.scoring;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What Linux's {@code /proc/<pid>/stat} says about a process: its state, process group, session and start time (in
 * clock ticks after boot, which a later process reusing the pid cannot share). Empty where there is no {@code /proc}.
 *
 * @param pid the process id
 * @param state the state letter ({@code R}, {@code S}, {@code Z} for a zombie, …)
 * @param processGroup its process group id
 * @param session its session id
 * @param startTicks when it started, in clock ticks after boot
 */
public record ProcessStat(long pid, char state, long processGroup, long session, long startTicks) {
    private static final Path PROC = Path.of("/proc");

    /**
     * @param pid a process id
     * @return its status, when the process exists and {@code /proc} can be read
     */
    public static Optional<ProcessStat> of(long pid) {
        try {
            return Optional.of(parse(pid, Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone, or no /proc
        }
    }

    /**
     * @param processGroup a process group id
     * @return the processes of that group that have not exited, in no order
     */
    public static List<ProcessStat> group(long processGroup) {
        List<ProcessStat> members = new ArrayList<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, path -> isNumber(path.getFileName().toString()))) {
            for (Path process : processes) {
                of(Long.parseLong(process.getFileName().toString()))
                        .filter(stat -> stat.processGroup() == processGroup && stat.isRunning())
                        .ifPresent(members::add);
            }
        } catch (IOException e) {
            return List.of();
        }
        return members;
    }

    /** @return whether it has not exited (a zombie has, and only waits for its parent to notice) */
    public boolean isRunning() {
        return state != 'Z' && state != 'X';
    }

    // The command name (field 2) is in parentheses and may hold spaces or ')': the fields that follow start after the last ')'.
    static ProcessStat parse(long pid, String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return new ProcessStat(pid, fields[0].charAt(0), Long.parseLong(fields[2]), Long.parseLong(fields[3]),
                Long.parseLong(fields[19]));
    }

    private static boolean isNumber(String name) {
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
