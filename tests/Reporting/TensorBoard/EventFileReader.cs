using System.Buffers.Binary;
using TorchAe.Tests.Reporting.TensorBoardProto;

namespace TorchAe.Tests.Reporting.TensorBoard;

/// <summary>Reads a TensorBoard event file without TorchSharp: TFRecord framing — per record a little-endian uint64
/// length, the masked CRC32C of those 8 bytes, the data, the masked CRC32C of the data — each record an
/// <see cref="Event"/> decoded by the protoc-generated parser of tensorboard_events.proto. Any CRC mismatch or a cut
/// record throws.</summary>
internal static class EventFileReader
{
    public static List<Event> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var events = new List<Event>();
        int at = 0;
        while (at < bytes.Length)
        {
            if (bytes.Length - at < 12) throw new InvalidDataException($"{path}: a record header is cut at byte {at}");
            var header = bytes.AsSpan(at, 8);
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(header);
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8, 4)) != Crc32C.Masked(header))
                throw new InvalidDataException($"{path}: the length CRC of the record at byte {at} does not match");
            if ((ulong)(bytes.Length - at - 16) < length) throw new InvalidDataException($"{path}: the record at byte {at} is cut");
            var data = bytes.AsSpan(at + 12, (int)length);
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12 + (int)length, 4)) != Crc32C.Masked(data))
                throw new InvalidDataException($"{path}: the data CRC of the record at byte {at} does not match");
            events.Add(Event.Parser.ParseFrom(data));
            at += 16 + (int)length;
        }
        return events;
    }
}

/// <summary>CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, initial and final XOR 0xFFFFFFFF), bit by bit from its
/// definition, and TFRecord's mask: rotate right by 15 bits and add 0xa282ead8.</summary>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
        }
        return ~crc;
    }

    public static uint Masked(ReadOnlySpan<byte> data)
    {
        uint crc = Compute(data);
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8;
    }
}
