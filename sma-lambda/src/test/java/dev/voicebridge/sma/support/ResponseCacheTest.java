package dev.voicebridge.sma.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResponseCacheTest {

    @Test
    void shouldForgetTheLeastRecentlyUsedResponseWhenFull() {
        // Given a cache of two responses
        ResponseCache cache = new ResponseCache(2);
        cache.put("tx-1", 1, new byte[] {1});
        cache.put("tx-2", 1, new byte[] {2});

        // When the first is read again and a third is added
        assertThat(cache.get("tx-1", 1)).isPresent();
        cache.put("tx-3", 1, new byte[] {3});

        // Then the one not used for longest is gone, and the size stays bounded
        assertThat(cache.get("tx-2", 1)).isEmpty();
        assertThat(cache.get("tx-1", 1)).contains(new byte[] {1});
        assertThat(cache.get("tx-3", 1)).contains(new byte[] {3});
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void shouldKeepDifferentSequencesOfOneCallApart() {
        // Given two answers of one call
        ResponseCache cache = new ResponseCache(8);
        cache.put("tx-1", 1, new byte[] {1});
        cache.put("tx-1", 2, new byte[] {2});

        // When each is looked up
        // Then each sequence has its own answer
        assertThat(cache.get("tx-1", 1)).contains(new byte[] {1});
        assertThat(cache.get("tx-1", 2)).contains(new byte[] {2});
        assertThat(cache.get("tx-1", 3)).isEmpty();
    }
}
