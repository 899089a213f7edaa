package app.openly.journal.domain.ritual;

import app.openly.events.EventEnvelope;
import app.openly.events.PartnershipEnded;
import app.openly.events.PartnershipFormed;
import app.openly.events.Topics;
import app.openly.journal.config.JournalConfig;
import app.openly.journal.domain.JournalException;
import app.openly.journal.domain.JournalException.CodeProblem;
import app.openly.journal.domain.WriteBudget;
import app.openly.journal.domain.logic.InvitationCodes;
import app.openly.platform.outbox.Outbox;
import app.openly.platform.persistence.TimeOrderedIds;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Becoming ritual partners and ending it: invitations (single use, valid 24 h, stored hashed), accepting
 * one (guessing is rate-limited), one active partner per person, unpairing alone and at once for both.
 * Every change that concerns both people takes both people's locks in one order (sorted ids), so two
 * such changes never wait on each other.
 */
@ApplicationScoped
public class Pairing {

    private final SecureRandom random = new SecureRandom();

    @Inject
    Outbox outbox;
    @Inject
    Clock clock;
    @Inject
    JournalConfig config;
    @Inject
    WriteBudget writeBudget;
    @Inject
    InvitationAttempts attempts;
    @Inject
    RitualStore store;

    /** A new invitation: the code is returned once and never stored. */
    public record Invitation(String code, Instant expiresAt) {
    }

    /** The partner as the person sees them: the name the partner chose, and since when. */
    public record PartnerView(String displayName, Instant pairedSince) {
    }

    @Transactional
    public Invitation invite(String userId, String displayName) {
        outbox.lockPerson(userId);
        Instant now = clock.instant();
        writeBudget.spend(userId, now); // making codes costs a write like any other
        if (RitualPartner.activeOf(userId).isPresent()) {
            throw new JournalException.AlreadyPaired();
        }
        String code = InvitationCodes.generate(random);
        RitualInvitation invitation = new RitualInvitation();
        invitation.codeHash = InvitationCodes.hash(code);
        invitation.userId = userId;
        invitation.displayName = displayName;
        invitation.createdAt = now;
        invitation.expiresAt = now.plus(config.rituals().invitationValidFor());
        invitation.state = RitualInvitation.State.OPEN;
        invitation.persist();
        return new Invitation(code, invitation.expiresAt);
    }

    /**
     * Pairs the person with whoever made the invitation. Every attempt counts against the guessing
     * limits, in its own transaction, before the code is looked at. If the two had invited each other,
     * accepting either pairs them and cancels the other; accepting that other one afterwards answers
     * with the partnership they already have.
     */
    public PartnerView accept(String userId, String displayName, String typedCode) {
        attempts.spend(userId);
        return QuarkusTransaction.requiringNew().call(() -> pair(userId, displayName, typedCode));
    }

    private PartnerView pair(String userId, String displayName, String typedCode) {
        String code = InvitationCodes.normalize(typedCode).orElseThrow(() -> new JournalException.InvitationNotAcceptable(CodeProblem.UNKNOWN));
        RitualInvitation invitation = RitualInvitation.findById(InvitationCodes.hash(code));
        if (invitation == null) {
            throw new JournalException.InvitationNotAcceptable(CodeProblem.UNKNOWN);
        }
        if (invitation.userId.equals(userId)) {
            throw new JournalException.InvitationNotAcceptable(CodeProblem.OWN);
        }
        lockBoth(userId, invitation.userId);
        RitualInvitation.getEntityManager().refresh(invitation);
        Instant now = clock.instant();
        Optional<RitualPartner> mine = RitualPartner.activeOf(userId);
        if (mine.isPresent() && mine.get().other().userId.equals(invitation.userId)) {
            return view(mine.get()); // already partners: the other invitation of a mutual pair, or a retry
        }
        if (invitation.state == RitualInvitation.State.USED) {
            throw new JournalException.InvitationNotAcceptable(CodeProblem.USED);
        }
        if (invitation.state == RitualInvitation.State.CANCELLED) {
            throw new JournalException.InvitationNotAcceptable(CodeProblem.CANCELLED);
        }
        if (!now.isBefore(invitation.expiresAt)) {
            throw new JournalException.InvitationNotAcceptable(CodeProblem.EXPIRED);
        }
        if (mine.isPresent()) {
            throw new JournalException.AlreadyPaired();
        }
        UUID pairId = UUID.randomUUID();
        RitualPartner accepting = side(pairId, userId, displayName, now);
        side(pairId, invitation.userId, invitation.displayName, now);
        invitation.state = RitualInvitation.State.USED;
        invitation.closedAt = now;
        RitualInvitation.cancelOpenOf(userId, now);
        RitualInvitation.cancelOpenOf(invitation.userId, now);
        publish(userId, now, new PartnershipFormed(pairId, invitation.userId));
        publish(invitation.userId, now, new PartnershipFormed(pairId, userId));
        return view(accepting);
    }

    @Transactional
    public PartnerView partner(String userId) {
        return view(RitualPartner.activeOf(userId).orElseThrow(JournalException.NoPartner::new));
    }

    /** Ends the person's partnership for both, at once. */
    @Transactional
    public void unpair(String userId) {
        lockWithPartner(userId);
        RitualPartner mine = RitualPartner.activeOf(userId).orElseThrow(JournalException.NoPartner::new);
        end(mine, clock.instant());
    }

    /**
     * Erasure: ends the person's partnership (the partner is told only that it ended) and deletes
     * every ritual row of theirs. Call under {@link #lockWithPartner}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void eraseRitualDataOf(String userId) {
        RitualPartner.activeOf(userId).ifPresent(mine -> end(mine, clock.instant()));
        store.eraseRitualRowsOf(userId);
    }

    /**
     * Takes the person's lock and, when they have a partner, the partner's, in sorted order.
     *
     * @return the partner's user id, if any
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<String> lockWithPartner(String userId) {
        Optional<String> partnerId = RitualPartner.activeOf(userId).map(mine -> mine.other().userId);
        if (partnerId.isPresent()) {
            lockBoth(userId, partnerId.get());
        } else {
            outbox.lockPerson(userId);
        }
        return partnerId;
    }

    private void end(RitualPartner mine, Instant now) {
        RitualPartner other = mine.other();
        RitualPartner.update("endedAt = ?1 where pairId = ?2 and endedAt is null", now, mine.pairId);
        publish(mine.userId, now, new PartnershipEnded(mine.pairId));
        publish(other.userId, now, new PartnershipEnded(mine.pairId));
    }

    private void lockBoth(String one, String other) {
        outbox.lockPerson(one.compareTo(other) < 0 ? one : other);
        outbox.lockPerson(one.compareTo(other) < 0 ? other : one);
    }

    private void publish(String userId, Instant now, app.openly.events.EventPayload fact) {
        // No organization on ritual facts: a partnership is never part of an organization's view.
        outbox.add(Topics.JOURNAL_ENTRY_EVENTS, EventEnvelope.of(TimeOrderedIds.at(now), now, userId, null, fact));
    }

    private static RitualPartner side(UUID pairId, String userId, String displayName, Instant now) {
        RitualPartner side = new RitualPartner();
        side.id = TimeOrderedIds.at(now);
        side.pairId = pairId;
        side.userId = userId;
        side.displayName = displayName;
        side.formedAt = now;
        side.persist();
        return side;
    }

    private static PartnerView view(RitualPartner mine) {
        return new PartnerView(mine.other().displayName, mine.formedAt);
    }
}
