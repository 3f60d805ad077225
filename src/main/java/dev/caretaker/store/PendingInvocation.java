package dev.caretaker.store;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A command waiting for its requester's confirmation or for other people's approval.
 *
 * @param kind            {@code confirm} or {@code approval}
 * @param approvalsNeeded people besides the requester who must approve (0 for a confirmation)
 * @param approvedBy      those who approved so far
 */
public record PendingInvocation(String token, String kind, String requestId, String platform, String userId,
                                String userName, Set<String> userGroups, String channel, String command,
                                String commandLine, String requiredRole, int approvalsNeeded,
                                List<Approver> approvedBy, Instant createdAt, Instant expiresAt) {

    public static final String CONFIRM = "confirm";
    public static final String APPROVAL = "approval";

    public PendingInvocation {
        userGroups = Set.copyOf(userGroups);
        approvedBy = List.copyOf(approvedBy);
    }

    /** Someone who approved: their platform key ({@code slack:U1}) and display name. */
    public record Approver(String key, String name) {
    }
}
