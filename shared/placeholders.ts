/**
 * Placeholder account IDs: the committed example environment uses them (111111111111 for the
 * frontend, 222222222222 for the backend) so it can be planned offline by anyone. The rule is the
 * one its stack files' comments state: an account ID of twelve identical digits is a placeholder.
 * AWS does not issue such IDs to customers, so deploying to one can only be a stack file not yet
 * filled in.
 */
export function isPlaceholderAccount(accountId: string): boolean {
    return /^(\d)\1{11}$/.test(accountId);
}
