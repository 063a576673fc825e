package dev.bulwark.drill.workload;

import dev.bulwark.apps.TokenRing;
import dev.bulwark.apps.control.Controller;
import dev.bulwark.apps.control.Plant;
import dev.bulwark.apps.kv.KvFront;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.Sandbox;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The workloads the standard apps support, found on a booted chip by what its sandboxes run: a {@link KvWorkload}
 * for every {@code kv-front}, a {@link TokenRingWorkload} for every ring of {@code token-ring} members (members
 * joined by their {@code next} links, the leader first), a {@link ControlWorkload} for every {@code controller}
 * whose {@code plant} runs {@code plant}. For the drill's scenarios and for a user's own {@code --config}; a chip
 * running none of these apps gets no workload.
 *
 * <p>Immutable; any thread.
 */
public final class Workloads {
    private Workloads() {
    }

    /** The standard factory, its KV clients seeded with {@code seed}. */
    public static WorkloadFactory standard(long seed) {
        return monitor -> create(monitor, seed);
    }

    /** The standard factory, seed 1. */
    public static WorkloadFactory standard() {
        return standard(1);
    }

    private static List<Workload> create(Monitor monitor, long seed) {
        List<Workload> found = new ArrayList<>();
        Map<String, Sandbox> ring = new LinkedHashMap<>();
        for (Sandbox s : monitor.sandboxes()) {
            switch (s.app()) {
                case KvFront.NAME -> found.add(KvWorkload.of(s, seed + found.size()));
                case TokenRing.NAME -> ring.put(s.name(), s);
                case Controller.NAME -> {
                    String plant = s.params().get("plant");
                    if (plant != null && monitor.sandboxes().stream()
                            .anyMatch(p -> p.name().equals(plant) && p.app().equals(Plant.NAME))) {
                        found.add(new ControlWorkload(s.name(), plant));
                    }
                }
                default -> {
                }
            }
        }
        for (List<String> members : rings(ring)) {
            found.add(new TokenRingWorkload(members));
        }
        return found;
    }

    /**
     * The token-ring members in groups that their {@code next} links join (a member pointing off the ring still
     * belongs with the one it points from), each group in ring order from its leader, or from its first member.
     */
    static List<List<String>> rings(Map<String, Sandbox> members) {
        Map<String, String> next = new LinkedHashMap<>();
        members.forEach((name, s) -> next.put(name, s.params().get("next")));
        Map<String, String> root = new LinkedHashMap<>();
        for (String m : members.keySet()) {
            root.put(m, m);
        }
        for (String m : members.keySet()) {
            String n = next.get(m);
            if (n != null && root.containsKey(n)) {
                String a = find(root, m);
                String b = find(root, n);
                if (!a.equals(b)) {
                    root.put(b, a);
                }
            }
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String m : members.keySet()) {
            groups.computeIfAbsent(find(root, m), r -> new ArrayList<>()).add(m);
        }
        List<List<String>> rings = new ArrayList<>();
        for (List<String> group : groups.values()) {
            String start = group.stream().filter(m -> "true".equals(members.get(m).params().get("leader")))
                    .findFirst().orElse(group.getFirst());
            List<String> ordered = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (String at = start; at != null && group.contains(at) && seen.add(at); at = next.get(at)) {
                ordered.add(at);
            }
            group.stream().filter(m -> !seen.contains(m)).forEach(ordered::add);
            rings.add(ordered);
        }
        return rings;
    }

    private static String find(Map<String, String> root, String m) {
        String r = m;
        while (!root.get(r).equals(r)) {
            r = root.get(r);
        }
        return r;
    }
}
