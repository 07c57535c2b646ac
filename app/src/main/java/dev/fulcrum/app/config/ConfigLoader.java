package dev.fulcrum.app.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.fulcrum.app.connections.ProbePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads config.yaml strictly: an unknown key, a duplicate key or a value of the wrong type stops the start, naming
 * the key; a YAML syntax error names its line and column. Relative paths are relative to the file's directory.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = strictYaml();
    /** How Jackson words a key met twice. */
    private static final String DUPLICATE = "Duplicate field '";

    private ConfigLoader() {
    }

    /** The defaults, for a start without a config file: relative paths are relative to the working directory. */
    public static FulcrumConfig defaults() {
        FulcrumConfig config = new FulcrumConfig();
        check(config, Path.of("(defaults)"));
        return config;
    }

    public static FulcrumConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        FulcrumConfig config;
        try {
            config = text.isBlank() ? new FulcrumConfig() : YAML.readValue(text, FulcrumConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(file + ": unknown key '" + keyPath(e) + "'");
        } catch (JsonMappingException e) {
            // databind wraps the parser's errors met inside a value: a syntax error, not a wrong value
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof StreamReadException syntax) {
                    String mapping = keyPath(e);
                    throw notYaml(file, syntax, mapping.isEmpty() ? "" : mapping + ".");
                }
            }
            // never the value itself: it may be a password
            throw new ConfigException(file + ": wrong value for '" + keyPath(e) + "'" + expected(e));
        } catch (StreamReadException e) {
            throw notYaml(file, e, "");
        } catch (JacksonException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getOriginalMessage());
        }
        if (config == null) {
            config = new FulcrumConfig();
        }
        check(config, file);
        resolvePaths(config, file.toAbsolutePath().getParent());
        return config;
    }

    /** Every path key, relative to the config file's directory, whatever the working directory. */
    private static void resolvePaths(FulcrumConfig config, Path base) {
        if ("h2".equals(config.stateStore.type)) {
            config.stateStore.connection = base.resolve(config.stateStore.connection).normalize().toString();
        }
        config.secretKeyFile = base.resolve(config.secretKeyFile).normalize().toString();
        if (config.auditLogFile != null) {
            config.auditLogFile = base.resolve(config.auditLogFile).normalize().toString();
        }
    }

    /**
     * A duplicate key, or YAML that does not parse: where, and what SnakeYAML found there. Never its snippet of the
     * file: that line may hold a password. {@code keyPrefix} is the path of the mapping it is in, if known.
     */
    private static ConfigException notYaml(Path file, StreamReadException e, String keyPrefix) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            Mark mark = yaml.getProblemMark(); // SnakeYAML counts from 0; Jackson's own location is often the token before
            return new ConfigException(file + ": not valid YAML at line " + (mark.getLine() + 1) + ", column "
                    + (mark.getColumn() + 1) + ": " + yaml.getProblem());
        }
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (message.startsWith(DUPLICATE)) {
            String key = message.substring(DUPLICATE.length(), message.length() - 1);
            return new ConfigException(file + ": duplicate key '" + keyPrefix + key + "'" + where + " (a key may appear once)");
        }
        return new ConfigException(file + ": not valid YAML" + where + ": " + message.lines().findFirst().orElse(""));
    }

    private static void checkStateStore(FulcrumConfig.StateStore store, Path file) {
        switch (store.type) {
            case "h2" -> {
            }
            case "pg" -> {
                if (!store.connection.startsWith("jdbc:postgresql://")) {
                    throw new ConfigException(file + ": 'stateStore.connection' must be a JDBC URL such as"
                            + " jdbc:postgresql://host:5432/fulcrum when 'stateStore.type' is pg");
                }
            }
            default -> throw new ConfigException(file + ": 'stateStore.type' must be h2 or pg");
        }
        if (store.password != null && store.passwordEnv != null) {
            throw new ConfigException(file + ": set 'stateStore.password' or 'stateStore.passwordEnv', not both");
        }
        if (store.passwordEnv != null && System.getenv(store.passwordEnv) == null) {
            throw new ConfigException(file + ": 'stateStore.passwordEnv' names the environment variable "
                    + store.passwordEnv + ", which is not set");
        }
    }

    private static void check(FulcrumConfig config, Path file) {
        if (config.port < 0 || config.port > 65535) {
            throw new ConfigException(file + ": 'port' must be between 0 and 65535");
        }
        if (config.maxBodyBytes < 1024) {
            throw new ConfigException(file + ": 'maxBodyBytes' must be at least 1024");
        }
        if (config.maxImportBytes < 1024 || config.maxImportBytes > Integer.MAX_VALUE - 8) {
            throw new ConfigException(file + ": 'maxImportBytes' must be between 1024 and " + (Integer.MAX_VALUE - 8));
        }
        if (config.stateStore == null || config.stateStore.connection == null || config.stateStore.type == null) {
            throw new ConfigException(file + ": 'stateStore' needs 'type' and 'connection'");
        }
        checkStateStore(config.stateStore, file);
        if (config.secretKeyFile == null || config.secretKeyFile.isBlank()) {
            throw new ConfigException(file + ": 'secretKeyFile' is required");
        }
        if (config.connectionTestTimeoutMillis < 100 || config.connectionMonitorIntervalSeconds < 1) {
            throw new ConfigException(file + ": 'connectionTestTimeoutMillis' must be at least 100 and"
                    + " 'connectionMonitorIntervalSeconds' at least 1");
        }
        checkConnectionTests(config, file);
        if (config.email != null && (config.email.host == null || config.email.from == null)) {
            throw new ConfigException(file + ": 'email' needs 'host' and 'from'");
        }
        if (config.email != null && config.email.passwordEnv != null && System.getenv(config.email.passwordEnv) == null) {
            throw new ConfigException(file + ": 'email.passwordEnv' names " + config.email.passwordEnv + ", which is not set");
        }
        if (config.maxTokenLifetime != null) {
            try {
                config.maxTokenLifetimeDuration();
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file + ": 'maxTokenLifetime': " + e.getMessage());
            }
        }
        for (String proxy : config.trustedProxies) {
            // IP literals only: a host name would need a DNS lookup on every request, and could change under us
            if (proxy == null || !proxy.matches("\\[?[0-9A-Fa-f:.]{2,45}\\]?")) {
                throw new ConfigException(file + ": 'trustedProxies' must list IP addresses, such as 10.0.0.5 or ::1");
            }
        }
        if (config.sessionIdleTimeoutSeconds < 1) {
            throw new ConfigException(file + ": 'sessionIdleTimeoutSeconds' must be at least 1");
        }
        if (config.writeTimeoutMillis < 100 || config.shutdownGraceMillis < 0) {
            throw new ConfigException(file + ": 'writeTimeoutMillis' must be at least 100 and 'shutdownGraceMillis'"
                    + " at least 0");
        }
        if (config.metrics == null) {
            throw new ConfigException(file + ": 'metrics' needs 'enabled', e.g. metrics: {enabled: true}");
        }
        if (config.connections == null) {
            config.connections = new ArrayList<>();
        }
        checkWatch(config.watch, file);
    }

    private static void checkWatch(FulcrumConfig.Watch watch, Path file) {
        if (watch == null) {
            throw new ConfigException(file + ": 'watch' needs keys, e.g. watch: {maxWatchers: 1000}");
        }
        if (watch.maxWatchers < 0 || watch.maxWatchers > 100_000) {
            throw new ConfigException(file + ": 'watch.maxWatchers' must be between 0 and 100000");
        }
        if (watch.heartbeatMillis < 100 || watch.heartbeatMillis > 300_000) {
            throw new ConfigException(file + ": 'watch.heartbeatMillis' must be between 100 and 300000");
        }
        if (watch.pollMillis < 10 || watch.pollMillis > 10_000) {
            throw new ConfigException(file + ": 'watch.pollMillis' must be between 10 and 10000");
        }
        if (watch.queueEvents < 1 || watch.queueEvents > 100_000) {
            throw new ConfigException(file + ": 'watch.queueEvents' must be between 1 and 100000");
        }
        if (watch.retentionMinutes < 1) {
            throw new ConfigException(file + ": 'watch.retentionMinutes' must be at least 1");
        }
    }

    private static void checkConnectionTests(FulcrumConfig config, Path file) {
        FulcrumConfig.ConnectionTests tests = config.connectionTests;
        if (tests == null || tests.allow == null || tests.deny == null) {
            throw new ConfigException(file + ": 'connectionTests' needs lists 'allow' and 'deny' (empty by default)");
        }
        try {
            ProbePolicy.of(tests.allow, tests.deny);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": connectionTests." + e.getMessage());
        }
        if (tests.maxParallelProbes < 1 || tests.maxParallelProbes > 64) {
            throw new ConfigException(file + ": 'connectionTests.maxParallelProbes' must be between 1 and 64");
        }
    }

    private static String expected(JsonMappingException e) {
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            Class<?> type = mismatch.getTargetType();
            String name = type == int.class || type == long.class ? "a whole number"
                    : type == boolean.class ? "true or false"
                    : type == String.class ? "a string"
                    : List.class.isAssignableFrom(type) ? "a list"
                    : type.getEnclosingClass() == FulcrumConfig.class ? "a mapping of keys, not a single value"
                    : "a " + type.getSimpleName();
            return ": expected " + name;
        }
        return "";
    }

    private static String keyPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static ObjectMapper strictYaml() {
        YAMLMapper.Builder builder = YAMLMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // as request bodies: a second value is a mistake
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        ObjectMapper mapper = builder.build();
        mapper.coercionConfigDefaults()
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }
}
