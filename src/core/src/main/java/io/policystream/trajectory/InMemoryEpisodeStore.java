package io.policystream.trajectory;

import io.policystream.event.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** An {@link EpisodeStore} in memory, for the offline trainer and tests. Headers keep insertion order. */
public final class InMemoryEpisodeStore implements EpisodeStore {
    private final Map<String, EpisodeHeader> headers = new LinkedHashMap<>();
    private final Map<String, Map<Integer, Event>> steps = new HashMap<>();
    private final Map<String, Map<Integer, RewardTally>> rewards = new HashMap<>();

    @Override
    public EpisodeHeader header(String episode) {
        return headers.get(episode);
    }

    @Override
    public void putHeader(String episode, EpisodeHeader header) {
        headers.put(episode, header);
    }

    @Override
    public void deleteHeader(String episode) {
        headers.remove(episode);
    }

    @Override
    public Event step(String episode, int t) {
        Map<Integer, Event> m = steps.get(episode);
        return m == null ? null : m.get(t);
    }

    @Override
    public void putStep(String episode, int t, Event step) {
        steps.computeIfAbsent(episode, k -> new HashMap<>()).put(t, step);
    }

    @Override
    public RewardTally rewards(String episode, int t) {
        Map<Integer, RewardTally> m = rewards.get(episode);
        return m == null ? null : m.get(t);
    }

    @Override
    public void putRewards(String episode, int t, RewardTally tally) {
        rewards.computeIfAbsent(episode, k -> new HashMap<>()).put(t, tally);
    }

    @Override
    public void deleteSteps(String episode, int maxIndex) {
        steps.remove(episode);
        rewards.remove(episode);
    }

    @Override
    public void forEachHeader(BiConsumer<String, EpisodeHeader> visitor) {
        for (Map.Entry<String, EpisodeHeader> e : new ArrayList<>(headers.entrySet())) {
            visitor.accept(e.getKey(), e.getValue());
        }
    }

    /** Number of episodes with a header, open or closed. */
    public int size() {
        return headers.size();
    }

    /** Ids of the episodes still open. */
    public List<String> openEpisodes() {
        List<String> open = new ArrayList<>();
        headers.forEach((k, v) -> {
            if (!v.closed()) {
                open.add(k);
            }
        });
        return open;
    }
}
