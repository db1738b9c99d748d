import {
  PacketFramingError,
  readPacketFraming,
} from '../../../../../server/platform/openpgp/packet-framing';

const body = (length: number, first = 1): number[] => [
  first,
  ...Array.from({ length: length - 1 }, (_, i) => i & 0xff),
];

describe('readPacketFraming', () => {
  test('when packets use old-format headers (as GnuPG writes PKESK) then tags and lengths are read', () => {
    // old format, tag 1, one-octet length 12; then old format tag 1, two-octet length 300
    const bytes = Uint8Array.from([0x84, 12, ...body(12, 3), 0x85, 0x01, 0x2c, ...body(300, 3)]);
    const packets = readPacketFraming(bytes);
    expect(packets.map((p) => [p.tag, p.bodyLength, p.bodyOffset])).toEqual([
      [1, 12, 2],
      [1, 300, 17],
    ]);
    expect(packets[0]!.bodyStart[0]).toBe(3);
  });

  test('when a data packet uses partial body lengths (as GnuPG streams SEIPD) then the chunks are joined', () => {
    // new format tag 18: partial 512 (0xE9), then final 2-octet length 200 (0xC0 0x08 => 200)
    const final = [0xc0, 200 - 192];
    const bytes = Uint8Array.from([0xd2, 0xe9, ...body(512), ...final, ...body(200, 7)]);
    const [packet] = readPacketFraming(bytes);
    expect(packet).toMatchObject({
      tag: 18,
      bodyLength: 712,
      usedPartialLengths: true,
      bodyOffset: 2,
    });
  });

  test('when a partial length is used on a key packet, or the first chunk is under 512 bytes, then it is malformed', () => {
    expect(() => readPacketFraming(Uint8Array.from([0xc1, 0xe9, ...body(512), 0x00]))).toThrow(
      PacketFramingError,
    );
    expect(() => readPacketFraming(Uint8Array.from([0xd2, 0xe1, ...body(2), 0x00]))).toThrow(
      /shorter than 512/,
    );
  });

  test('when the input ends inside a header or body then it is truncated', () => {
    for (const bytes of [
      [0xc1],
      [0xc1, 0xc5],
      [0xc1, 10, 1, 2],
      [0x85, 0x01],
      [0xc1, 0xff, 0, 0],
    ]) {
      expect(() => readPacketFraming(Uint8Array.from(bytes))).toThrow(
        expect.objectContaining({ code: 'truncated' }),
      );
    }
  });

  test('when an old-format packet has indeterminate length or the first byte is not a header then it is refused', () => {
    expect(() => readPacketFraming(Uint8Array.from([0x87, 1, 2, 3]))).toThrow(
      expect.objectContaining({ code: 'indeterminate_length' }),
    );
    expect(() => readPacketFraming(Uint8Array.from([0x12, 1]))).toThrow(
      expect.objectContaining({ code: 'malformed_packet' }),
    );
  });

  test('when a five-octet length is used then it is read as a 32-bit length', () => {
    const bytes = Uint8Array.from([0xc1, 0xff, 0, 0, 0, 3, 3, 9, 9]);
    expect(readPacketFraming(bytes)[0]).toMatchObject({ tag: 1, bodyLength: 3, bodyOffset: 6 });
  });
});
