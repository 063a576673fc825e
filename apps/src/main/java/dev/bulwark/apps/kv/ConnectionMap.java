package dev.bulwark.apps.kv;

import java.util.ArrayList;
import java.util.List;

/**
 * The front's open connections by id: open addressing on the long id, so a lookup per frame boxes nothing.
 * Linear probing, deletion by backward shift. Threading: the front's thread only.
 */
final class ConnectionMap {
    private long[] ids = new long[64];
    private ClientConnection[] connections = new ClientConnection[64];
    private int size;

    ClientConnection get(long id) {
        int mask = ids.length - 1;
        for (int i = slot(id, mask); connections[i] != null; i = (i + 1) & mask) {
            if (ids[i] == id) {
                return connections[i];
            }
        }
        return null;
    }

    void put(ClientConnection c) {
        if ((size + 1) * 2 > ids.length) {
            grow();
        }
        int mask = ids.length - 1;
        int i = slot(c.id, mask);
        while (connections[i] != null && ids[i] != c.id) {
            i = (i + 1) & mask;
        }
        if (connections[i] == null) {
            size++;
        }
        ids[i] = c.id;
        connections[i] = c;
    }

    /** Removes and returns the connection {@code id}, or null. */
    ClientConnection remove(long id) {
        int mask = ids.length - 1;
        int i = slot(id, mask);
        while (connections[i] != null && ids[i] != id) {
            i = (i + 1) & mask;
        }
        ClientConnection removed = connections[i];
        if (removed == null) {
            return null;
        }
        size--;
        int hole = i;
        for (int j = (i + 1) & mask; connections[j] != null; j = (j + 1) & mask) {
            int home = slot(ids[j], mask);
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                ids[hole] = ids[j];
                connections[hole] = connections[j];
                hole = j;
            }
        }
        connections[hole] = null;
        return removed;
    }

    int size() {
        return size;
    }

    List<ClientConnection> all() {
        List<ClientConnection> all = new ArrayList<>(size);
        for (ClientConnection c : connections) {
            if (c != null) {
                all.add(c);
            }
        }
        return all;
    }

    private void grow() {
        long[] oldIds = ids;
        ClientConnection[] old = connections;
        ids = new long[oldIds.length * 2];
        connections = new ClientConnection[old.length * 2];
        size = 0;
        for (ClientConnection c : old) {
            if (c != null) {
                put(c);
            }
        }
    }

    private static int slot(long id, int mask) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
