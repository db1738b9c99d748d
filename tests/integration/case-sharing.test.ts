/**
 * Sharing a case (docs/design.md "Sharing and offboarding"): a caseworker who can
 * read a case re-wraps each message's session key for a colleague who joined later and uploads
 * only the new key packets. The server checks each packet names the colleague's key and inserts
 * it; the encrypted bodies never change. Who shared with whom is audited.
 */
import { randomBytes } from 'node:crypto';
import {
  decryptMessage,
  rewrapKeyPackets,
  unlockCaseworkerKey,
  MAX_PLAINTEXT_BYTES,
} from '../../client/crypto';
import { readPacketFraming } from '../../server/platform/openpgp/packet-framing';
import { strangerPublicKey } from '../helpers/forge';
import { generateTestCaseworker, TEST_PASSPHRASE } from '../helpers/keys';
import { useTestApp } from '../helpers/use-test-app';
import { enrolStaff, reauthenticate, type EnrolledStaff } from '../helpers/staff';
import { wholeCaseOf } from '../helpers/whole-case';

interface KeyPacketItem {
  target: 'report' | 'message' | 'part';
  id: string;
  pkesks: string;
}

describe('sharing a case with a caseworker who joined later', () => {
  const t = useTestApp({ label: 'case-sharing', caseworkers: 2 });
  let staff: EnrolledStaff;
  let caseId: string;
  let newcomer: Awaited<ReturnType<typeof generateTestCaseworker>>;
  let bodiesBefore: Buffer[];
  beforeAll(async () => {
    await t.publishDirectory();
    staff = await enrolStaff(t, 'qamar');
    // A case with a report, a follow-up, a note, a reply and one attachment part.
    ({ caseId } = await wholeCaseOf(t, staff.client));
    bodiesBefore = await storedBodies();
    // A caseworker joins after the case arrived: vetted, in the next directory.
    newcomer = await generateTestCaseworker('newcomer');
    await t.caseworkerKeys.addCaseworkerKey(newcomer.armoredPublicKey, 'newcomer');
    await t.publishDirectory();
  });

  /** Every stored message of the case (report, thread, attachment parts), as stored. */
  async function storedMessages(): Promise<Buffer[]> {
    const db = t.connection.db!;
    return [
      ...(await db
        .collection('reports')
        .find({ _id: caseId as never })
        .toArray()),
      ...(await db.collection('case_messages').find({ caseId }).sort({ seq: 1 }).toArray()),
      ...(await db.collection('attachment_parts').find({ caseId }).toArray()),
    ].map((document) => Buffer.from((document['message'] as { buffer: Uint8Array }).buffer));
  }

  /** The SEIPD packet (the encrypted body) of every stored message of the case. */
  async function storedBodies(): Promise<Buffer[]> {
    // From the SEIPD packet's body to the end: everything but the key packets.
    return (await storedMessages()).map((bytes) =>
      bytes.subarray(readPacketFraming(bytes).at(-1)!.bodyOffset),
    );
  }

  const access = async () =>
    (
      (await staff.client.get(`/api/cases/${caseId}/access`)).body as {
        caseworkers: { fingerprint: string; canRead: boolean }[];
      }
    ).caseworkers;
  const keyPackets = async () =>
    (
      (await staff.client.get(`/api/cases/${caseId}/key-packets`)).body as {
        items: KeyPacketItem[];
      }
    ).items;

  test('before sharing, the newcomer is listed without access and can read nothing', async () => {
    const entry = (await access()).find(
      (caseworker) => caseworker.fingerprint === newcomer.fingerprint.toLowerCase(),
    );
    expect(entry).toMatchObject({ canRead: false });
    expect(await keyPackets()).toHaveLength(5);
  });

  test('when a packet for a stranger, or for someone outside the directory, is uploaded then it is refused and nothing changes', async () => {
    await reauthenticate(t, staff.client, staff);
    const handle = await unlockCaseworkerKey(t.caseworkers[0]!.armoredSecretKey, TEST_PASSPHRASE);
    const [report] = await keyPackets();
    const stranger = await strangerPublicKey();
    const forStranger = await rewrapKeyPackets(
      handle,
      Buffer.from(report!.pkesks, 'base64'),
      stranger,
    );
    const wrongKey = await staff.client.post(`/api/cases/${caseId}/shares`, {
      fingerprint: newcomer.fingerprint,
      packets: [
        { target: 'report', id: caseId, pkesk: Buffer.from(forStranger).toString('base64') },
      ],
    });
    expect(wrongKey.status).toBe(422);
    expect(wrongKey.body.error.code).toBe('invalid_key_packet');
    const outsider = await staff.client.post(`/api/cases/${caseId}/shares`, {
      fingerprint: 'ab'.repeat(20),
      packets: [
        { target: 'report', id: caseId, pkesk: Buffer.from(forStranger).toString('base64') },
      ],
    });
    expect(outsider.status).toBe(422);
    expect(outsider.body.error.code).toBe('not_a_caseworker');
    const garbage = await staff.client.post(`/api/cases/${caseId}/shares`, {
      fingerprint: newcomer.fingerprint,
      packets: [
        { target: 'report', id: caseId, pkesk: Buffer.from(randomBytes(90)).toString('base64') },
      ],
    });
    expect(garbage.status).toBe(422);
    expect(await keyPackets()).toEqual(
      expect.arrayContaining([expect.objectContaining({ pkesks: report!.pkesks })]),
    );
  });

  test('when a reader re-wraps every message for the newcomer then they read everything and no body changed', async () => {
    await reauthenticate(t, staff.client, staff);
    const handle = await unlockCaseworkerKey(t.caseworkers[0]!.armoredSecretKey, TEST_PASSPHRASE);
    const packets = [];
    for (const item of await keyPackets()) {
      const pkesk = await rewrapKeyPackets(
        handle,
        Buffer.from(item.pkesks, 'base64'),
        newcomer.armoredPublicKey,
      );
      packets.push({
        target: item.target,
        id: item.id,
        pkesk: Buffer.from(pkesk).toString('base64'),
      });
    }
    const shared = await staff.client.post(`/api/cases/${caseId}/shares`, {
      fingerprint: newcomer.fingerprint,
      packets,
    });
    expect(shared.status).toBe(201);
    expect(shared.body).toEqual({ added: 5 });
    expect(
      (await access()).find(
        (caseworker) => caseworker.fingerprint === newcomer.fingerprint.toLowerCase(),
      ),
    ).toMatchObject({ canRead: true });

    // The newcomer decrypts every stored message; the encrypted bodies are byte-identical.
    for (const bytes of await storedMessages()) {
      await expect(
        decryptMessage(
          bytes,
          newcomer.armoredSecretKey,
          TEST_PASSPHRASE,
          MAX_PLAINTEXT_BYTES.report,
        ),
      ).resolves.toBeInstanceOf(Uint8Array);
      await expect(
        decryptMessage(
          bytes,
          t.caseworkers[1]!.armoredSecretKey,
          TEST_PASSPHRASE,
          MAX_PLAINTEXT_BYTES.report,
        ),
      ).resolves.toBeInstanceOf(Uint8Array);
    }
    const bodiesAfter = await storedBodies();
    expect(bodiesAfter.map((body) => body.toString('hex'))).toEqual(
      bodiesBefore.map((body) => body.toString('hex')),
    );

    // Sharing again adds nothing; the audit log says who shared with whom.
    const again = await staff.client.post(`/api/cases/${caseId}/shares`, {
      fingerprint: newcomer.fingerprint,
      packets,
    });
    expect(again.body).toEqual({ added: 0 });
    const entry = await t.connection.db!.collection('audit_log').findOne({ event: 'case.shared' });
    expect(entry).toMatchObject({
      actor: expect.stringMatching(/^account:/),
      details: { with: newcomer.fingerprint.toLowerCase(), packets: '5' },
    });
  });
});
