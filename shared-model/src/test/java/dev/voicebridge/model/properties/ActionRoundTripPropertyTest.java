package dev.voicebridge.model.properties;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.model.SmaJson;
import dev.voicebridge.model.SmaResponse;
import dev.voicebridge.model.action.SmaAction;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Anything that can be built can be written, and reads back as the same value. */
class ActionRoundTripPropertyTest {

    @Provide
    Arbitrary<SmaAction> validActions() {
        return ValidActions.any();
    }

    @Property(tries = 400)
    void shouldReadBackEveryValidActionAsTheSameValue(@ForAll("validActions") SmaAction action) {
        String json = SmaJson.writeAction(action);

        assertThat(SmaJson.parseAction(json)).isEqualTo(action);
    }

    @Provide
    Arbitrary<List<SmaAction>> validActionLists() {
        return ValidActions.any().list().ofMaxSize(SmaResponse.MAX_ACTIONS);
    }

    @Property(tries = 150)
    void shouldReadBackEveryValidResponseAsTheSameValue(@ForAll("validActionLists") List<SmaAction> actions) {
        SmaResponse response = SmaResponse.of(actions);

        assertThat(SmaJson.parseResponse(SmaJson.write(response))).isEqualTo(response);
    }
}
