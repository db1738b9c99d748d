/**
 * How the reporter's page cuts a file into attachment parts: at most this many plaintext bytes
 * each, every part a complete OpenPGP message (client/reporter/attachments/upload.ts). The server
 * derives from it how many parts one file may have (ATTACHMENT_MAX_FILE_MB, server/config.ts).
 */
export const ATTACHMENT_PART_PLAINTEXT_BYTES = 8 * 1024 * 1024;
