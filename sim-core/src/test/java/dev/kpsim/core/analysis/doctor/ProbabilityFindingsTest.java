package dev.kpsim.core.analysis.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.config.ProxyConfig;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProbabilityFindingsTest {

    /** kube-proxy before v1.17: {@code fmt.Sprintf("%0.5f", 1.0/float64(k))} of the exact double. */
    private static String go5(int k) {
        return new BigDecimal(1.0 / k).setScale(5, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String cascade(int n, boolean fiveDecimals) {
        StringBuilder sb = new StringBuilder("*nat\n:KUBE-SVC-TESTTESTTESTTEST - [0:0]\n");
        for (int i = 0; i < n; i++) {
            sb.append(":KUBE-SEP-").append(String.format("E%015d", i).replace('0', 'A').replace('1', 'B').replace('2', 'C')
                    .replace('3', 'D').replace('4', 'E').replace('5', 'F').replace('6', 'G').replace('7', 'H').replace('8', 'I')
                    .replace('9', 'J')).append(" - [0:0]\n");
        }
        for (int i = 0; i < n; i++) {
            int k = n - i;
            String sep = String.format("E%015d", i).replace('0', 'A').replace('1', 'B').replace('2', 'C').replace('3', 'D')
                    .replace('4', 'E').replace('5', 'F').replace('6', 'G').replace('7', 'H').replace('8', 'I').replace('9', 'J');
            sb.append("-A KUBE-SVC-TESTTESTTESTTEST");
            if (i < n - 1) {
                String p = fiveDecimals ? go5(k) : new BigDecimal(1.0 / k).setScale(10, RoundingMode.HALF_EVEN).toPlainString();
                sb.append(" -m statistic --mode random --probability ").append(p);
            }
            sb.append(" -j KUBE-SEP-").append(sep).append('\n');
        }
        return sb.append("COMMIT\n").toString();
    }

    private static NodeSubject subject(String dump) {
        return Fixtures.iptablesDump(dump, Fixtures.hostnames(), ProxyConfig.defaults());
    }

    @Test
    void fiveDecimalsFirstRepeatWith320Endpoints() {
        List<Finding> fs = ProbabilityFindings.find(subject(cascade(320, true)));
        Finding repeats = fs.stream().filter(f -> f.kind() == FindingKind.PROBABILITY_REPEATS).findFirst().orElseThrow();
        assertThat(repeats.subject()).isEqualTo("KUBE-SVC-TESTTESTTESTTEST");
        assertThat(repeats.message()).isEqualTo("KUBE-SVC-TESTTESTTESTTEST balances over 320 endpoints; 1 probability repeats "
                + "(1/320 and 1/319 print alike), so endpoint shares range from 0.3120% to 0.3130% instead of 0.3125% each");
        assertThat(repeats.lines()).containsExactly(
                "-A KUBE-SVC-TESTTESTTESTTEST -m statistic --mode random --probability 0.00313000008 -j KUBE-SEP-EAAAAAAAAAAAAAAA",
                "-A KUBE-SVC-TESTTESTTESTTEST -m statistic --mode random --probability 0.00313000008 -j KUBE-SEP-EAAAAAAAAAAAAAAB");
        assertThat(fs).extracting(f -> f.kind().id()).containsExactly("probability-repeats", "older-version-rules");
    }

    @Test
    void fiveDecimalsRepeatMoreAsEndpointsGrow() {
        int expectedPairs = 0;
        String first = null;
        for (int k = 600; k > 2; k--) {
            if (go5(k).equals(go5(k - 1))) {
                expectedPairs++;
                if (first == null) {
                    first = "1/" + k + " and 1/" + (k - 1);
                }
            }
        }
        List<Finding> fs = ProbabilityFindings.find(subject(cascade(600, true)));
        Finding repeats = fs.stream().filter(f -> f.kind() == FindingKind.PROBABILITY_REPEATS).findFirst().orElseThrow();
        assertThat(first).isEqualTo("1/600 and 1/599");
        assertThat(expectedPairs).isGreaterThan(100);
        assertThat(repeats.message()).startsWith("KUBE-SVC-TESTTESTTESTTEST balances over 600 endpoints; " + expectedPairs
                + " probabilities repeat (1/600 and 1/599, ");
        java.util.Set<Integer> involved = new java.util.TreeSet<>();
        for (int k = 600; k > 2; k--) {
            if (go5(k).equals(go5(k - 1))) {
                involved.add(k);
                involved.add(k - 1);
            }
        }
        assertThat(repeats.lines()).hasSize(9).last().isEqualTo("... and " + (involved.size() - 8) + " more");
    }

    @Test
    void fiveDecimalsWith319EndpointsDoNotRepeatYet() {
        List<Finding> fs = ProbabilityFindings.find(subject(cascade(319, true)));
        assertThat(fs).extracting(f -> f.kind().id()).containsExactly("older-version-rules");
    }

    @Test
    void tenDecimalsNeverRepeatAndAreCurrent() {
        assertThat(ProbabilityFindings.find(subject(cascade(400, false)))).isEmpty();
    }

    @Test
    void fiveDecimalOriginIsTheKernelValueOfA5DecimalString() {
        assertThat(ProbabilityFindings.fiveDecimalOrigin(715820724L)).isTrue();   // 0.33333 -> 0.33332999982
        assertThat(ProbabilityFindings.fiveDecimalOrigin(715827883L)).isFalse();  // 0.3333333333
        assertThat(ProbabilityFindings.fiveDecimalOrigin(1073741824L)).isFalse(); // 0.5 in both
    }

    @Test
    void doctorListsTheRepeatsWithTheServicesItFound() {
        DoctorReport r = Doctor.run(subject(cascade(320, true)), Optional.empty());
        assertThat(r.findings()).extracting(f -> f.kind().id()).contains("probability-repeats", "untraceable-chain");
    }
}
