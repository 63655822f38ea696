using System.Globalization;

namespace Switchboard.Query.Tests.Model;

/// <summary>Two rows of <see cref="AllTypes"/>: row 0 leaves every optional property null, row 1 fills them.</summary>
public static class AllTypesData
{
    public static readonly Guid First = Guid.Parse("3fa85f64-5717-4562-b3fc-2c963f66afa6", CultureInfo.InvariantCulture);
    public static readonly Guid Second = Guid.Parse("9b2e6c1a-0d4f-4e8a-a1b2-c3d4e5f60718", CultureInfo.InvariantCulture);

    public static List<AllTypes> Rows() =>
    [
        new()
        {
            Text = "alpha",
            Guid = First,
            Flag = true,
            Status = ConnectionStatus.Linked,
            Byte = 1,
            Short = -2,
            Int = 3,
            UInt = 4,
            Long = 5_000_000_000,
            ULong = 6,
            Float = 1.5f,
            Double = 2.25,
            Decimal = 3.75m,
            Date = SeedData.Utc("2024-05-01T10:00:00Z"),
            Offset = DateTimeOffset.Parse("2024-05-01T10:00:00+00:00", CultureInfo.InvariantCulture),
            Items = [.. SeedData.Connections().Take(1)],
        },
        new()
        {
            Text = "Beta",
            OptionalText = "Gamma ray",
            Guid = Second,
            OptionalGuid = Second,
            Flag = false,
            OptionalFlag = false,
            Status = ConnectionStatus.PendingAuth,
            OptionalStatus = ConnectionStatus.Unlinked,
            Byte = 200,
            Short = 300,
            Int = -7,
            OptionalInt = 8,
            UInt = 4_000_000_000,
            Long = -1,
            ULong = ulong.MaxValue,
            Float = -0.5f,
            Double = 1e10,
            Decimal = -0.01m,
            OptionalDecimal = 12.5m,
            Date = SeedData.Utc("2024-05-02T00:00:00Z"),
            OptionalDate = SeedData.Utc("2024-05-02T23:59:59Z"),
            Offset = DateTimeOffset.Parse("2024-05-02T01:00:00+02:00", CultureInfo.InvariantCulture),
            OptionalOffset = DateTimeOffset.Parse("2024-05-03T00:00:00Z", CultureInfo.InvariantCulture),
        },
    ];
}
