package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.model.Kind;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind's example goes through an export with its secrets and an import into an empty server like the
 * first, and comes back as it was, secrets included.
 */
abstract class BundleConformance extends KindConformance {
    private TestServer target;
    private String exported;

    @Override
    String prefix() {
        return "bundle";
    }

    @BeforeAll
    void exportEveryExampleAndImportIntoAnotherServer() {
        kinds().forEach(kind -> create(kind, name(kind, "example")));
        exported = Bundles.exportWithSecrets(server());
        target = subject().another().get();
        Response imported = Bundles.importWithPassphrase(target, "", exported);
        assertThat(imported.statusCode()).as(imported.asString()).isEqualTo(200);
    }

    @AfterAll
    void stopTheOtherServer() {
        target.close();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void the_example_reads_the_same_after_an_export_and_an_import(Kind kind) {
        Response there = target.api().get(path(kind, name(kind, "example")));
        assertThat(there.statusCode()).as(there.asString()).isEqualTo(200);
        assertThat(Jsons.parse(there.asString())).isEqualTo(Jsons.parse(get(kind, name(kind, "example")).asString()));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void the_examples_secrets_come_back_with_it(Kind kind) throws Exception {
        JsonNode before = Bundles.openSecrets(Jsons.parse(exported), Bundles.PASSPHRASE)
                .path(kind.resource()).path(name(kind, "example"));
        JsonNode after = Bundles.openSecrets(Jsons.parse(Bundles.exportWithSecrets(target)), Bundles.PASSPHRASE)
                .path(kind.resource()).path(name(kind, "example"));
        assertThat(after).isEqualTo(before);
        kind.strategy().secretFields().stream().filter(Examples.of(kind, "x")::has)
                .forEach(field -> assertThat(before.path(field).isMissingNode()).as(field).isFalse());
    }

    @Test
    void an_export_of_the_imported_server_holds_the_same_documents() {
        assertThat(Bundles.documentsOf(Bundles.export(target, "").asString()))
                .isEqualTo(Bundles.documentsOf(Bundles.export(server(), "").asString()));
    }
}
