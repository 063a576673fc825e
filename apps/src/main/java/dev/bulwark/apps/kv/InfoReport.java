package dev.bulwark.apps.kv;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The INFO text: Redis's {@code # Server}, {@code # Clients}, {@code # Stats} and {@code # Keyspace}
 * sections with the fields clients look at, and a {@code # Bulwark} section with the shards: for each, its
 * name, the incarnation its latest reply came from, its keys, its memory, and what the front saw of its
 * restarts (requests lost, timed out).
 *
 * <pre>
 *   # Bulwark
 *   shards:4
 *   shard_timeout:2s
 *   shard0:name=kv-0,incarnation=1,keys=12,expires=0,used_bytes=768,capacity_bytes=16252416,max_keys=196608,restarts_seen=0,lost=0,timed_out=0
 *   shard1:name=kv-1,incarnation=2,status=unavailable,error=TRYAGAIN shard kv-1 did not answer ...,restarts_seen=1,lost=3,timed_out=1
 * </pre>
 *
 * <p>Threading: the front's thread only.
 */
final class InfoReport {
    static final Set<String> SECTIONS = Set.of("server", "clients", "stats", "bulwark", "keyspace");

    private final ShardLink[] links;
    private final FrontCounters counters;
    private final String address;
    private final String timeoutText;

    InfoReport(ShardLink[] links, FrontCounters counters, String address, String timeoutText) {
        this.links = links;
        this.counters = counters;
        this.address = address;
        this.timeoutText = timeoutText;
    }

    /** The sections INFO's arguments ask for (none, "default", "all", "everything": every section). */
    static Set<String> sections(byte[][] args) {
        Set<String> wanted = new LinkedHashSet<>();
        for (int i = 1; i < args.length; i++) {
            String s = new String(args[i], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            if (s.equals("default") || s.equals("all") || s.equals("everything")) {
                return SECTIONS;
            }
            wanted.add(s);
        }
        return wanted.isEmpty() ? SECTIONS : wanted;
    }

    /** Writes the INFO reply (a bulk string) for {@code sections} at {@code now}, from the shards' {@code stats}. */
    void write(RespWriter w, Set<String> sections, PendingCommand.ShardStats[] stats, long now) {
        StringBuilder text = new StringBuilder();
        if (sections.contains("server")) {
            text.append("# Server\r\n")
                    .append("redis_version:").append(ServerCommands.REDIS_VERSION).append("\r\n")
                    .append("redis_mode:standalone\r\n")
                    .append("os:Bulwark multikernel\r\n")
                    .append("arch_bits:64\r\n")
                    .append("multiplexing_api:bulwark-nic\r\n");
            String port = address == null ? null : address.substring(address.lastIndexOf(':') + 1);
            if (port != null && !port.isEmpty()) {
                text.append("tcp_port:").append(port).append("\r\n");
            }
            long uptime = Math.max(0, now - counters.startNanos) / 1_000_000_000L;
            text.append("uptime_in_seconds:").append(uptime).append("\r\n")
                    .append("uptime_in_days:").append(uptime / 86_400).append("\r\n")
                    .append("\r\n");
        }
        if (sections.contains("clients")) {
            text.append("# Clients\r\n")
                    .append("connected_clients:").append(counters.connectionsOpen).append("\r\n")
                    .append("\r\n");
        }
        if (sections.contains("stats")) {
            text.append("# Stats\r\n")
                    .append("total_connections_received:").append(counters.connectionsReceived).append("\r\n")
                    .append("total_commands_processed:").append(counters.commandsProcessed).append("\r\n")
                    .append("rejected_connections:").append(counters.connectionsRefused).append("\r\n")
                    .append("\r\n");
        }
        if (sections.contains("bulwark")) {
            text.append("# Bulwark\r\n")
                    .append("shards:").append(links.length).append("\r\n")
                    .append("shard_timeout:").append(timeoutText).append("\r\n");
            for (int i = 0; i < links.length; i++) {
                ShardLink link = links[i];
                PendingCommand.ShardStats s = stats[i];
                text.append("shard").append(i).append(":name=").append(link.name)
                        .append(",incarnation=").append(link.incarnation());
                if (s == null || s.error() != null) {
                    text.append(",status=unavailable,error=")
                            .append(s == null ? "no reply" : s.error().replace(',', ';'));
                } else {
                    text.append(",keys=").append(s.keys())
                            .append(",expires=").append(s.expiring())
                            .append(",used_bytes=").append(s.usedBytes())
                            .append(",capacity_bytes=").append(s.capacityBytes())
                            .append(",max_keys=").append(s.maxKeys());
                }
                text.append(",restarts_seen=").append(link.restartsSeen())
                        .append(",lost=").append(link.lost())
                        .append(",timed_out=").append(link.timedOut())
                        .append("\r\n");
            }
            text.append("\r\n");
        }
        if (sections.contains("keyspace")) {
            text.append("# Keyspace\r\n");
            long keys = 0;
            long expires = 0;
            for (PendingCommand.ShardStats s : stats) {
                if (s != null && s.error() == null) {
                    keys += s.keys();
                    expires += s.expiring();
                }
            }
            if (keys > 0) {
                text.append("db0:keys=").append(keys).append(",expires=").append(expires).append(",avg_ttl=0\r\n");
            }
        }
        w.bulk(text.toString());
    }
}
