/**
 * Papers: each network's library of folders and documents, every version kept, the bytes stored in PostgreSQL in
 * chunks and deduplicated by SHA-256, uploaded and downloaded as streams so that no file is ever held whole in
 * the heap. Attachments to meetings, broadcasts and posts, and search inside papers, build on these tables.
 */
package uk.nhs.hub.document;
