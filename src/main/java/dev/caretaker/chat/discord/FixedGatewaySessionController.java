package dev.caretaker.chat.discord;

import net.dv8tion.jda.api.utils.ConcurrentSessionController;

/**
 * A session controller that names the gateway URL itself: JDA otherwise always dials Discord's public
 * gateway, which would make a configured gateway (or the test fake) unreachable.
 */
final class FixedGatewaySessionController extends ConcurrentSessionController {

    private final String gatewayUrl;

    FixedGatewaySessionController(String gatewayUrl) {
        this.gatewayUrl = gatewayUrl;
    }

    @Override
    public String getGateway() {
        return gatewayUrl;
    }
}
