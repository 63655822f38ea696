using System.Globalization;
using System.Numerics;

namespace Switchboard.Query.Binding;

/// <summary>Classifies property types and parses query text into their values.</summary>
internal static class ValueParser
{
    private const string DateExpectation = "a date (ISO 8601, e.g. 2024-01-31 or 2024-01-31T13:45:00Z)";

    private static readonly string[] DateTimeFormats = BuildDateTimeFormats();

    public static bool TryClassify(Type type, out ValueKind kind, out Type valueType, out bool isNullable)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        valueType = underlying ?? type;
        isNullable = underlying is not null || !type.IsValueType;
        kind = default;
        if (valueType.IsEnum)
        {
            kind = ValueKind.Enum;
            return true;
        }

        if (valueType == typeof(Guid))
        {
            kind = ValueKind.Guid;
            return true;
        }

        if (valueType == typeof(DateTimeOffset))
        {
            kind = ValueKind.DateTimeOffset;
            return true;
        }

        switch (Type.GetTypeCode(valueType))
        {
            case TypeCode.String:
                kind = ValueKind.String;
                return true;
            case TypeCode.Boolean:
                kind = ValueKind.Boolean;
                return true;
            case TypeCode.DateTime:
                kind = ValueKind.DateTime;
                return true;
            case TypeCode.SByte or TypeCode.Byte or TypeCode.Int16 or TypeCode.UInt16
                or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64:
                kind = ValueKind.Integer;
                return true;
            case TypeCode.Single or TypeCode.Double or TypeCode.Decimal:
                kind = ValueKind.Real;
                return true;
            default:
                return false;
        }
    }

    public static bool TryParse(QueryProperty member, string text, out ParsedValue value)
    {
        value = default;
        var type = member.ValueType;
        switch (member.Kind)
        {
            case ValueKind.String:
                value = new ParsedValue(text);
                return true;
            case ValueKind.Guid when Guid.TryParse(text, out var guid):
                value = new ParsedValue(guid);
                return true;
            case ValueKind.Boolean when string.Equals(text, "true", StringComparison.OrdinalIgnoreCase):
                value = new ParsedValue(true);
                return true;
            case ValueKind.Boolean when string.Equals(text, "false", StringComparison.OrdinalIgnoreCase):
                value = new ParsedValue(false);
                return true;
            case ValueKind.Enum:
                // Only names: Enum.TryParse would also take "1" or "Linked,Unlinked".
                foreach (var name in Enum.GetNames(type))
                {
                    if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
                    {
                        value = new ParsedValue(Enum.Parse(type, name));
                        return true;
                    }
                }

                return false;
            case ValueKind.Integer or ValueKind.Real:
                return TryParseNumber(type, text, out value);
            case ValueKind.DateTime or ValueKind.DateTimeOffset:
                return TryParseDate(member.Kind, text, out value);
            default:
                return false;
        }
    }

    public static string Expected(QueryProperty member) => member.Kind switch
    {
        ValueKind.Guid => "a GUID (e.g. 3fa85f64-5717-4562-b3fc-2c963f66afa6)",
        ValueKind.Boolean => "true or false",
        ValueKind.Enum => "one of " + string.Join(", ", Enum.GetNames(member.ValueType)),
        ValueKind.Integer or ValueKind.Real => DescribeNumber(member.ValueType),
        ValueKind.DateTime or ValueKind.DateTimeOffset => DateExpectation,
        _ => "text",
    };

    private static bool TryParseNumber(Type type, string text, out ParsedValue value)
    {
        value = default;
        object? parsed = Type.GetTypeCode(type) switch
        {
            TypeCode.SByte => ParseInteger<sbyte>(text),
            TypeCode.Byte => ParseInteger<byte>(text),
            TypeCode.Int16 => ParseInteger<short>(text),
            TypeCode.UInt16 => ParseInteger<ushort>(text),
            TypeCode.Int32 => ParseInteger<int>(text),
            TypeCode.UInt32 => ParseInteger<uint>(text),
            TypeCode.Int64 => ParseInteger<long>(text),
            TypeCode.UInt64 => ParseInteger<ulong>(text),
            TypeCode.Single => ParseReal<float>(text),
            TypeCode.Double => ParseReal<double>(text),
            TypeCode.Decimal => ParseReal<decimal>(text),
            _ => null,
        };
        if (parsed is null)
        {
            return false;
        }

        value = new ParsedValue(parsed);
        return true;
    }

    private static object? ParseInteger<TNumber>(string text)
        where TNumber : struct, IBinaryInteger<TNumber> =>
        TNumber.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    private static object? ParseReal<TNumber>(string text)
        where TNumber : struct, INumber<TNumber> =>
        TNumber.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && TNumber.IsFinite(number)
            ? number
            : null;

    private static string DescribeNumber(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.SByte => Range<sbyte>(),
        TypeCode.Byte => Range<byte>(),
        TypeCode.Int16 => Range<short>(),
        TypeCode.UInt16 => Range<ushort>(),
        TypeCode.Int32 => Range<int>(),
        TypeCode.UInt32 => Range<uint>(),
        TypeCode.Int64 => Range<long>(),
        TypeCode.UInt64 => Range<ulong>(),
        _ => "a number (e.g. 12.5)",
    };

    private static string Range<TNumber>()
        where TNumber : IMinMaxValue<TNumber>, IFormattable =>
        string.Create(CultureInfo.InvariantCulture, $"a whole number between {TNumber.MinValue} and {TNumber.MaxValue}");

    private static bool TryParseDate(ValueKind kind, string text, out ParsedValue value)
    {
        value = default;
        if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = DateTime.SpecifyKind(day, DateTimeKind.Utc);

            // The last representable day ends one tick early rather than overflowing. Every bound
            // is UTC kind: Npgsql rejects other kinds for timestamp with time zone.
            var end = start < DateTime.MaxValue.Date
                ? start.AddDays(1)
                : DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc);
            value = kind == ValueKind.DateTime
                ? new ParsedValue(start, end)
                : new ParsedValue(new DateTimeOffset(start), new DateTimeOffset(end));
            return true;
        }

        if (!DateTimeOffset.TryParseExact(
                text.ToUpperInvariant(),
                DateTimeFormats,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal,
                out var instant))
        {
            return false;
        }

        value = kind == ValueKind.DateTime
            ? new ParsedValue(instant.UtcDateTime)
            : new ParsedValue(instant.ToUniversalTime());
        return true;
    }

    private static string[] BuildDateTimeFormats()
    {
        var formats = new List<string>();
        foreach (var separator in new[] { "'T'", " " })
        {
            foreach (var time in new[] { "HH:mm", "HH:mm:ss", "HH:mm:ss.FFFFFFF" })
            {
                foreach (var zone in new[] { string.Empty, "'Z'", "zzz" })
                {
                    formats.Add("yyyy-MM-dd" + separator + time + zone);
                }
            }
        }

        return [.. formats];
    }
}
