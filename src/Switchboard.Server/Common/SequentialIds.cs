using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Switchboard.Server.Common;

/// <summary>
/// Version 7 GUIDs (RFC 9562) that sort in the order this process made them, also within one millisecond:
/// the 12-bit <c>rand_a</c> field counts up inside a millisecond (the RFC's method 1), starting from a random
/// value in its lower half. <see cref="Guid.CreateVersion7()"/> fills it randomly, so two rows created in the
/// same millisecond (same <c>created</c>) would list in random order under the default order (created, id).
/// Text (SQLite) and <c>uuid</c> (PostgreSQL) both compare these ids byte by byte, in the order they were made.
/// </summary>
internal static class SequentialIds
{
    private const int MaxCounter = 0xFFF;
    private static readonly Lock Gate = new();
    private static long _lastMilliseconds;
    private static int _counter;

    public static Guid Next(TimeProvider time)
    {
        var milliseconds = time.GetUtcNow().ToUnixTimeMilliseconds();
        int counter;
        lock (Gate)
        {
            if (milliseconds > _lastMilliseconds)
            {
                _lastMilliseconds = milliseconds;
                _counter = RandomNumberGenerator.GetInt32(MaxCounter / 2);
            }
            else if (++_counter > MaxCounter)
            {
                // 4,096 ids in one millisecond: borrow the next one, as the RFC allows.
                _lastMilliseconds++;
                _counter = 0;
            }

            (milliseconds, counter) = (_lastMilliseconds, _counter);
        }

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, milliseconds << 16);
        bytes[6] = (byte)(0x70 | (counter >> 8));
        bytes[7] = (byte)counter;
        RandomNumberGenerator.Fill(bytes[8..]);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
