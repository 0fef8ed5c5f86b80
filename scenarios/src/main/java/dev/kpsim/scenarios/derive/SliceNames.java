package dev.kpsim.scenarios.derive;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Names for derived EndpointSlices. The EndpointSlice controller uses {@code generateName: <service>-} and the API
 * server appends five random characters from {@code bcdfghjklmnpqrstvwxz2456789} ({@code utilrand.String}); kpsim
 * derives those five characters from a SHA-256 of what identifies the slice, so names are stable across runs.
 * The prefix is cut to 58 characters as {@code SimpleNameGenerator} does.
 */
public final class SliceNames {
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int MAX_PREFIX = 58;

    private SliceNames() {
    }

    /** {@code <service>-xxxxx} with the suffix derived from {@code identity}. */
    public static String generate(String serviceName, String identity) {
        String prefix = serviceName + "-";
        if (prefix.length() > MAX_PREFIX) {
            prefix = prefix.substring(0, MAX_PREFIX);
        }
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < 5; i++) {
            sb.append(ALPHABET.charAt((hash[i] & 0xFF) % ALPHABET.length()));
        }
        return sb.toString();
    }
}
