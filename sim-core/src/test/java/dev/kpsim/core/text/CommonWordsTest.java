package dev.kpsim.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommonWordsTest {
    private final CommonWords words = new CommonWords("-A", "KUBE-SERVICES", "--dport", "tcp");

    @Test
    void aCommonWordIsTheSharedInstance() {
        String line = "-A KUBE-SERVICES -p tcp --dport 80";
        assertThat(words.word(line, 3, 16)).isSameAs(words.word("x KUBE-SERVICES", 2, 15)).isEqualTo("KUBE-SERVICES");
        assertThat(words.word(line, 0, 2)).isEqualTo("-A");
        assertThat(words.word(line, 20, 23)).isSameAs(words.word("tcp", 0, 3));
    }

    @Test
    void otherTextIsASubstring() {
        String line = "-A KUBE-SVC-X -p udp --dport 80";
        assertThat(words.word(line, 3, 13)).isEqualTo("KUBE-SVC-X");
        assertThat(words.word(line, 17, 20)).isEqualTo("udp");
        assertThat(words.word(line, 29, 31)).isEqualTo("80");
        assertThat(words.word("a-much-longer-word-than-any", 0, 27)).isEqualTo("a-much-longer-word-than-any");
        assertThat(words.word("", 0, 0)).isEmpty();
    }
}
