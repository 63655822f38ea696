namespace Switchboard.Query.Tests.Model;

/// <summary>One property of every supported type, for in-memory translation tests.</summary>
public sealed class AllTypes
{
    public string Text { get; set; } = string.Empty;

    public string? OptionalText { get; set; }

    public Guid Guid { get; set; }

    public Guid? OptionalGuid { get; set; }

    public bool Flag { get; set; }

    public bool? OptionalFlag { get; set; }

    public ConnectionStatus Status { get; set; }

    public ConnectionStatus? OptionalStatus { get; set; }

    public byte Byte { get; set; }

    public short Short { get; set; }

    public int Int { get; set; }

    public int? OptionalInt { get; set; }

    public uint UInt { get; set; }

    public long Long { get; set; }

    public ulong ULong { get; set; }

    public float Float { get; set; }

    public double Double { get; set; }

    public decimal Decimal { get; set; }

    public decimal? OptionalDecimal { get; set; }

    public DateTime Date { get; set; }

    public DateTime? OptionalDate { get; set; }

    public DateTimeOffset Offset { get; set; }

    public DateTimeOffset? OptionalOffset { get; set; }

    public List<TestConnection> Items { get; set; } = [];
}
