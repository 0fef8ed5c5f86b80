package dev.kpsim.scenarios;

import dev.kpsim.core.net.Cidr;
import java.io.InputStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * Options of {@link InputLoader#load(List, LoadOptions)}.
 *
 * @param stdin         what {@code -} reads (standard input by default)
 * @param serviceRanges service CIDRs known from outside the inputs (kube-apiserver's
 *                      {@code --service-cluster-ip-range}); a ClusterIP outside all of them is an error
 */
public record LoadOptions(Supplier<InputStream> stdin, List<Cidr> serviceRanges) {

    public LoadOptions {
        serviceRanges = List.copyOf(serviceRanges);
    }

    /** Standard input for {@code -}, no extra service range. */
    public static LoadOptions defaults() {
        return new LoadOptions(() -> System.in, List.of());
    }

    public LoadOptions withStdin(Supplier<InputStream> in) {
        return new LoadOptions(in, serviceRanges);
    }

    public LoadOptions withServiceRanges(List<Cidr> ranges) {
        return new LoadOptions(stdin, ranges);
    }
}
