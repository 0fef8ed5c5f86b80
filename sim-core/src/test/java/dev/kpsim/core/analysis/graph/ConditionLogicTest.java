package dev.kpsim.core.analysis.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionLogicTest {
    static Condition c(Condition.Field f, boolean neg, String... values) {
        return new Condition(f, neg, List.of(values), f + (neg ? " !" : " ") + String.join(",", values));
    }

    @Test
    void addressesReasonByCidrContainment() {
        Condition host = c(Condition.Field.DESTINATION, false, "10.0.1.175/32");
        Condition net = c(Condition.Field.DESTINATION, false, "10.0.0.0/16");
        Condition notNet = c(Condition.Field.DESTINATION, true, "10.0.0.0/16");
        Condition other = c(Condition.Field.DESTINATION, false, "192.168.0.0/16");
        assertThat(ConditionLogic.implies(host, net)).isTrue();
        assertThat(ConditionLogic.implies(net, host)).isFalse();
        assertThat(ConditionLogic.implies(other, notNet)).isTrue();
        assertThat(ConditionLogic.disjoint(host, other)).isTrue();
        assertThat(ConditionLogic.disjoint(host, notNet)).isTrue();
        assertThat(ConditionLogic.disjoint(net, host)).isFalse();
        assertThat(ConditionLogic.implies(c(Condition.Field.DESTINATION, true, "10.0.0.0/8"), notNet)).isTrue();
        assertThat(ConditionLogic.implies(host, c(Condition.Field.SOURCE, false, "10.0.0.0/16"))).as("other field").isFalse();
    }

    @Test
    void portsInterfacesAndMarks() {
        assertThat(ConditionLogic.implies(c(Condition.Field.DESTINATION_PORT, false, "80-80"),
                c(Condition.Field.DESTINATION_PORT, false, "1-1024"))).isTrue();
        assertThat(ConditionLogic.disjoint(c(Condition.Field.DESTINATION_PORT, false, "80-80"),
                c(Condition.Field.DESTINATION_PORT, false, "90-91"))).isTrue();
        assertThat(ConditionLogic.implies(c(Condition.Field.IN_INTERFACE, false, "veth12"),
                c(Condition.Field.IN_INTERFACE, false, "veth+"))).isTrue();
        assertThat(ConditionLogic.disjoint(c(Condition.Field.IN_INTERFACE, false, "eth0"),
                c(Condition.Field.IN_INTERFACE, false, "veth+"))).isTrue();
        assertThat(ConditionLogic.disjoint(c(Condition.Field.IN_INTERFACE, false, "veth1"),
                c(Condition.Field.IN_INTERFACE, false, "veth+"))).isFalse();
        assertThat(ConditionLogic.disjoint(c(Condition.Field.MARK, false, "4000/4000"),
                c(Condition.Field.MARK, false, "0/4000"))).isTrue();
    }

    @Test
    void conntrackStatusBitsAreNotExclusiveStates() {
        assertThat(ConditionLogic.disjoint(c(Condition.Field.CT_STATE, false, "NEW"),
                c(Condition.Field.CT_STATE, false, "ESTABLISHED", "RELATED"))).isTrue();
        assertThat(ConditionLogic.disjoint(c(Condition.Field.CT_STATE, false, "NEW"),
                c(Condition.Field.CT_STATE, false, "DNAT"))).isFalse();
        assertThat(ConditionLogic.implies(c(Condition.Field.CT_STATE, false, "NEW"),
                c(Condition.Field.CT_STATE, true, "DNAT"))).isFalse();
        assertThat(ConditionLogic.implies(c(Condition.Field.CT_STATE, false, "NEW"),
                c(Condition.Field.CT_STATE, true, "INVALID"))).isTrue();
    }

    @Test
    void opaqueAndRandomConditionsProveNothing() {
        Condition opaque = Condition.opaque("-m recent --rcheck");
        Condition random = c(Condition.Field.PROBABILITY, false, "0.5");
        assertThat(ConditionLogic.implies(opaque, opaque)).isFalse();
        assertThat(ConditionLogic.disjoint(random, random)).isFalse();
        assertThat(ConditionLogic.covers(List.of(), List.of(opaque))).as("no conditions: covers everything").isTrue();
        assertThat(ConditionLogic.covers(List.of(random), List.of(random))).isFalse();
    }
}
