/**
 * Moderation of discussion posts: members report a post, the organisers of its network (and those above, and
 * platform administrators) hide it while they review it, restore it, and resolve the reports. The hidden state is a
 * column of {@code posts}, which the discussion feature reads to show a hidden post without its content.
 */
package uk.nhs.hub.moderation;
