/**
 * Feedback forms and their summaries, shared by every feature that asks people structured questions (broadcast
 * feedback, project consultations): the questions and the checking of answers ({@link uk.nhs.hub.feedback.FeedbackForm})
 * and the per-question aggregates with small-group suppression ({@link uk.nhs.hub.feedback.FeedbackAggregates}).
 * Owns no tables.
 */
package uk.nhs.hub.feedback;
