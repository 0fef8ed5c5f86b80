package dev.kpsim.core.netfilter.engine;

import dev.kpsim.core.netfilter.target.ConnmarkTarget;

/**
 * The kernel's {@code xt_CONNMARK} arithmetic ({@code net/netfilter/xt_connmark.c}): {@code --set-xmark V/M} sets
 * {@code ctmark = (ctmark & ~M) ^ V}; {@code --save-mark} sets {@code ctmark = (ctmark & ~mask) ^ (mark & mask)};
 * {@code --restore-mark} sets {@code mark = (mark & ~mask) ^ (ctmark & mask)}. kpsim uses one mask for both
 * {@code --nfmask} and {@code --ctmask}; a mask of 0 in the model means none was written (all bits).
 */
final class Connmark {
    private Connmark() {
    }

    static long mask(ConnmarkTarget c) {
        return c.mask() == 0 ? 0xFFFFFFFFL : c.mask() & 0xFFFFFFFFL;
    }

    static int setXmark(int ctmark, ConnmarkTarget c) {
        return (int) (((ctmark & 0xFFFFFFFFL) & ~c.mask() ^ c.value()) & 0xFFFFFFFFL);
    }

    static int save(int ctmark, int mark, ConnmarkTarget c) {
        long m = mask(c);
        return (int) ((((ctmark & 0xFFFFFFFFL) & ~m) ^ ((mark & 0xFFFFFFFFL) & m)) & 0xFFFFFFFFL);
    }

    static int restore(int ctmark, int mark, ConnmarkTarget c) {
        long m = mask(c);
        return (int) ((((mark & 0xFFFFFFFFL) & ~m) ^ ((ctmark & 0xFFFFFFFFL) & m)) & 0xFFFFFFFFL);
    }
}
