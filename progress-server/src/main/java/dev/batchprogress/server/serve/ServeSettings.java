package dev.batchprogress.server.serve;

import dev.batchprogress.server.replay.ReplaySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The settings of {@link ProgressService}: where to listen, who may ask, where run state lives, and
 * how to replay the bundled data. Instances are immutable; create them with {@link #builder()}.
 */
public final class ServeSettings {

    /** The default address to listen on: the loopback address, reachable from this machine only. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** The default port. */
    public static final int DEFAULT_PORT = 8080;

    /**
     * The default replay speed in simulated seconds per real second. The bundled files replay in
     * about 16 simulated minutes, so the progress of the runs changes for about 3 minutes.
     */
    public static final double DEFAULT_SPEED = 5;

    /** The default time that the cached state of a run in progress may be served. */
    public static final Duration DEFAULT_STALENESS_BOUND = Duration.ofSeconds(2);

    /** The default time that requests in progress get to finish when the server stops. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(5);

    private final String host;
    private final int port;
    private final ReplaySettings replay;
    private final boolean replayEnabled;
    private final List<TokenGrant> tokens;
    private final @Nullable DatabaseSettings database;
    private final Duration stalenessBound;
    private final Duration stopTimeout;

    private ServeSettings(Builder builder) {
        this.host = builder.host;
        this.port = builder.port;
        this.replay = builder.replay;
        this.replayEnabled = builder.replayEnabled;
        this.tokens = List.copyOf(builder.tokens);
        this.database = builder.database;
        this.stalenessBound = builder.stalenessBound;
        this.stopTimeout = builder.stopTimeout;
    }

    /**
     * Returns a builder with the defaults: {@value #DEFAULT_HOST}, port {@value #DEFAULT_PORT}, the
     * default replay settings at speed {@value #DEFAULT_SPEED}, the replay on, no token, run state
     * in memory.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the address to listen on. */
    public String host() {
        return host;
    }

    /** Returns the port to listen on, from 0 to 65535; 0 picks a free port. */
    public int port() {
        return port;
    }

    /** Returns how to replay the bundled data; the seed also fixes the runs' tracking ids. */
    public ReplaySettings replay() {
        return replay;
    }

    /** Returns whether to replay the bundled data in the background. */
    public boolean replayEnabled() {
        return replayEnabled;
    }

    /** Returns the accepted bearer tokens; an empty list accepts none. */
    public List<TokenGrant> tokens() {
        return tokens;
    }

    /** Returns the database that keeps the run state, or empty to keep it in memory. */
    public Optional<DatabaseSettings> database() {
        return Optional.ofNullable(database);
    }

    /** Returns how long the cached state of a run in progress may be served from the database. */
    public Duration stalenessBound() {
        return stalenessBound;
    }

    /** Returns how long requests in progress get to finish when the server stops. */
    public Duration stopTimeout() {
        return stopTimeout;
    }

    /** Configures {@link ServeSettings}. Not thread-safe. */
    public static final class Builder {

        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private ReplaySettings replay = ReplaySettings.defaults().withSpeed(DEFAULT_SPEED);
        private boolean replayEnabled = true;
        private final List<TokenGrant> tokens = new ArrayList<>();
        private @Nullable DatabaseSettings database;
        private Duration stalenessBound = DEFAULT_STALENESS_BOUND;
        private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;

        private Builder() {}

        /**
         * Sets the address to listen on.
         *
         * @param address a host name or IP address, not blank
         * @return this builder
         */
        public Builder host(String address) {
            Objects.requireNonNull(address, "address");
            if (address.isBlank()) {
                throw new IllegalArgumentException(
                        "host is blank; expected a host name or IP address such as 127.0.0.1");
            }
            this.host = address.strip();
            return this;
        }

        /**
         * Sets the port to listen on.
         *
         * @param number from 0 to 65535; 0 picks a free port
         * @return this builder
         */
        public Builder port(int number) {
            if (number < 0 || number > 65_535) {
                throw new IllegalArgumentException(
                        "port " + number + " is out of range; expected 0 to 65535");
            }
            this.port = number;
            return this;
        }

        /** Sets how to replay the bundled data. */
        public Builder replay(ReplaySettings settings) {
            this.replay = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Sets whether to replay the bundled data in the background; on by default. */
        public Builder replayEnabled(boolean enabled) {
            this.replayEnabled = enabled;
            return this;
        }

        /** Adds an accepted bearer token. */
        public Builder token(TokenGrant grant) {
            tokens.add(Objects.requireNonNull(grant, "grant"));
            return this;
        }

        /** Adds accepted bearer tokens. */
        public Builder tokens(List<TokenGrant> grants) {
            grants.forEach(this::token);
            return this;
        }

        /** Keeps the run state in a database instead of memory. */
        public Builder database(DatabaseSettings settings) {
            this.database = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Sets how long a cached answer of a run in progress may be served from the database.
         *
         * @param bound a positive duration; default 2 s
         * @return this builder
         */
        public Builder stalenessBound(Duration bound) {
            this.stalenessBound = positive(bound, "staleness bound");
            return this;
        }

        /**
         * Sets how long requests in progress get to finish when the server stops.
         *
         * @param timeout a positive duration; default 5 s
         * @return this builder
         */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = positive(timeout, "stop timeout");
            return this;
        }

        /** Returns the settings. */
        public ServeSettings build() {
            return new ServeSettings(this);
        }

        private static Duration positive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(
                        name + " " + duration + " is invalid; expected a positive duration");
            }
            return duration;
        }
    }
}
