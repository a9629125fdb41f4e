package io.tango.plugin.devo.fidelity;

import java.net.URI;
import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * One client's side of the fidelity run: the same scenarios run once with the Python client and once with the Java
 * client, each with its own tokens, domains and folders so the two runs cannot see each other's models, and the
 * server's records of both domains evolve identically.
 *
 * @param name {@code python} or {@code java}; tokens and domains start with it
 * @param work the side's folder: model files, downloads, profile trees
 * @param latest the URL of the installation for servers 2.4.0 and later
 * @param legacy the URL of the installation for servers before 2.4.0
 * @param silent the URL of an installation that never answers
 * @param broken the URL of an installation answering 502 with HTML
 * @param closed a URL on which nothing listens
 */
record FidelitySide(String name, Path work, URI latest, URI legacy, URI silent, URI broken, URI closed) {

    FidelitySide {
        requireNonNull(name, "name is null");
        requireNonNull(work, "work is null");
    }

    String token() {
        return name + "-token";
    }

    String badToken() {
        return name + "-bad-token";
    }

    String domain() {
        return name;
    }

    String legacyDomain() {
        return name + "-legacy";
    }

    Path files() {
        return work.resolve("files");
    }

    Path downloads() {
        return work.resolve("downloads");
    }

    /** Replaces this side's name in a text by {@code <side>}, to compare what the two sides sent. */
    String neutral(String text) {
        return text.replace(name + "-", "<side>-");
    }
}
