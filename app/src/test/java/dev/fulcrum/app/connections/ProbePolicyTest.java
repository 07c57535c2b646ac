package dev.fulcrum.app.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The allow/deny rules alone, on addresses given as literals: nothing here resolves or connects. */
class ProbePolicyTest {
    private static final ProbePolicy DEFAULT = ProbePolicy.of(List.of(), List.of());

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal.contains(":") ? "[" + literal + "]" : literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "169.254.0.1", "fe80::1", "febf::1", "fd00:ec2::254", "::ffff:169.254.169.254"})
    void link_local_and_metadata_addresses_are_denied_by_default(String address) throws Exception {
        assertThat(DEFAULT.permits("metadata.example", ip(address))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "0.1.2.3", "::", "::0"})
    void an_unspecified_address_is_never_permitted_even_when_allowed(String address) throws Exception {
        // connecting to 0.0.0.0 or :: reaches this machine, past a deny of 127.0.0.0/8 and ::1
        assertThat(ProbePolicy.of(List.of(), List.of("127.0.0.0/8", "::1")).permits("x", ip(address))).isFalse();
        assertThat(ProbePolicy.of(List.of("0.0.0.0/0", "::/0"), List.of()).permits("x", ip(address))).isFalse();
        assertThat(DEFAULT.permits("x", ip(address))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "10.1.2.3", "fd00:ec2::253", "169.255.0.1"})
    void loopback_and_other_addresses_are_allowed_by_default(String address) throws Exception {
        assertThat(DEFAULT.permits("db.example", ip(address))).isTrue();
    }

    @Test
    void only_an_allow_cidr_lifts_the_built_in_deny_not_a_host_pattern() throws Exception {
        assertThat(ProbePolicy.of(List.of("169.254.169.254/32"), List.of()).permits("x", ip("169.254.169.254"))).isTrue();
        ProbePolicy byName = ProbePolicy.of(List.of("*.example.com"), List.of());
        assertThat(byName.permits("evil.example.com", ip("169.254.169.254"))).isFalse();
        assertThat(byName.permits("druid.example.com", ip("10.0.0.1"))).isTrue();
        assertThat(byName.permits("example.com", ip("10.0.0.1"))).isFalse();
        assertThat(byName.permits("druid.other.com", ip("10.0.0.1"))).isFalse();
    }

    @Test
    void deny_wins_over_allow() throws Exception {
        ProbePolicy policy = ProbePolicy.of(List.of("10.0.0.0/8"), List.of("10.9.0.0/16", "Secret.Example.com"));
        assertThat(policy.permits("a", ip("10.1.0.1"))).isTrue();
        assertThat(policy.permits("a", ip("10.9.0.1"))).isFalse();
        assertThat(policy.permits("secret.example.com", ip("10.1.0.1"))).isFalse();
        assertThat(policy.permits("a", ip("192.168.0.1"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "fe80::/129", "10.0.0.0/x", "not a host", "http://x", "*", "a/8", "999.1.1.1"})
    void entries_that_are_neither_cidrs_nor_host_patterns_are_refused(String entry) {
        assertThatThrownBy(() -> ProbePolicy.of(List.of(), List.of("10.0.0.0/8", entry)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deny[1]");
    }
}
