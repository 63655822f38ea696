using System.Globalization;
using System.Text;
using CsCheck;

namespace Switchboard.Server.Tests.Fuzzing;

/// <summary>Generators of hostile request parts: ids, JSON and non-JSON bodies, query-string values.</summary>
public static class RandomRequests
{
    private const string Punctuation = "%/.\\?#;:@&=+$,~!*'()[]{}<>|^`\" -_";

    // Declared first: the public generators below are built from these.
    private static readonly Gen<string> Names = Gen.Frequency(
        (4, Gen.OneOfConst("\"name\"", "\"description\"", "\"tags\"", "\"platformKey\"", "\"status\"", "\"accessToken\"", "\"refreshToken\"", "\"apiKey\"", "\"\"", "\"Name\"")),
        (1, Gen.String[0, 10].Select(JsonString)));

    private static readonly Gen<string> Leaf = Gen.Frequency(
        (2, Gen.OneOfConst("null", "true", "false", "0", "-1", "1.5", "1e308", "1e999", "-0.0", "12345678901234567890", "\"\"", "\"gbol\"", "\"Unlinked\"", "\"Linked\"", "{}", "[]")),
        (3, Gen.String[0, 30].Select(JsonString)),
        (1, Gen.Select(Gen.Char['a', 'z'], Gen.Int[100, 9000], (c, n) => "\"" + new string(c, n) + "\"")),
        (1, Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture))));

    /// <summary>Route ids: GUIDs in every format, near-GUIDs, encodings, dot segments, unicode, long runs.</summary>
    public static readonly Gen<string> Ids = Gen.Frequency(
        (3, Gen.String[0, 40]),
        (3, Gen.Char["abcdef0123456789-" + Punctuation].Array[0, 40].Select(c => new string(c))),
        (2, Gen.OneOfConst(
            string.Empty, ".", "..", "...", "%", "%%", "%2F", "%2f..%2f", "%2e%2e", "%00", "%ZZ", "%C3%28", "%FF%FE", "%252F", "../..", "..%2F..", "//",
            "\\", " ", "\t", "\u0000", "\u202e", "\ud800", "null", "undefined", "{}", "[]", "-1", "0", "1e3", "true",
            "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "8a210b68-6988-11ed-a1eb-0242ac12000g",
            "8a210b68698811eda1eb0242ac120002", "{8a210b68-6988-11ed-a1eb-0242ac120002}", "(8a210b68-6988-11ed-a1eb-0242ac120002)",
            " 8a210b68-6988-11ed-a1eb-0242ac120002 ", "8A210B68-6988-11ED-A1EB-0242AC120002", "gbol", "GBOL", "gbo", "gbolx", "ＧＢＯＬ")),
        (2, Gen.Select(Gen.Guid, Gen.OneOfConst("D", "N", "B", "P", "X"), (g, f) => g.ToString(f, CultureInfo.InvariantCulture))),
        (1, Gen.Select(Gen.Char['a', 'z'], Gen.Int[300, 3000], (c, n) => new string(c, n))),
        (1, Gen.String[0, 12].Array[2, 4].Select(parts => string.Join('/', parts))));

    /// <summary>Any JSON value, nesting to a bounded depth, with the field names the API reads used often.</summary>
    public static readonly Gen<string> Json = Gen.Recursive<string>((depth, json) =>
        depth >= 4
            ? Leaf
            : Gen.Frequency(
                (4, Leaf),
                (2, Gen.Select(Names, json, (k, v) => $"{k}:{v}").Array[0, 6].Select(members => "{" + string.Join(',', members) + "}")),
                (1, json.Array[0, 5].Select(items => "[" + string.Join(',', items) + "]"))));

    /// <summary>Request bodies: JSON of every shape, bodies the API almost accepts, and bytes that are not JSON.</summary>
    public static readonly Gen<byte[]> Bodies = Gen.Frequency(
        (4, Json.Select(Encoding.UTF8.GetBytes)),
        (3, Gen.Select(Gen.OneOfConst("name", "description", "tags", "platformKey", "status", "accessToken", "refreshToken"), Json, Json, (k, v, other) => $"{{\"{k}\":{v},\"name\":{other}}}").Select(Encoding.UTF8.GetBytes)),
        (1, Gen.Int[1, 60].Select(n => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":[", n)) + string.Concat(Enumerable.Repeat("]}", n))))),
        (2, Gen.Byte.Array[0, 300]),
        (2, Gen.String[0, 100].Select(Encoding.UTF8.GetBytes)),
        (1, Gen.String[0, 100].Select(s => Encoding.Unicode.GetBytes(s))),
        (1, Gen.OneOfConst("{", "}", "[", "\"", "{\"name\":\"a\"", "{\"name\":\"\\ud800\"}", "{\"name\":\"\\u00\"}", "{\"name\":1e999}", "\ufeff{\"name\":\"bom\"}", "{\"name\":\"a\",\"name\":\"b\"}", "{\"name\":\"\u0000\"}")
            .Select(Encoding.UTF8.GetBytes)));

    public static readonly Gen<string?> ContentTypes = Gen.OneOfConst<string?>(
        "application/json", "application/json; charset=utf-8", "application/json; charset=latin1", "application/json; charset=nonsense", "text/plain", null,
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "application/xml");

    /// <summary>Values for page, pageSize, query and orderBy: numbers of every form, query-language soup, noise.</summary>
    public static readonly Gen<string> QueryValues = Gen.Frequency(
        (2, Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.Long.Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.OneOfConst(
            string.Empty, " ", "0", "1", "-0", "+1", "1.0", "1e3", "0x10", "٣", "１", "NaN", "Infinity", "2147483648", "5000", "5001", "1000000", "1000001",
            "name", "-name", "--name", "-", "Name", "created", "-created", "id", "status", "platformName", "sourceType", "tags", "dataConnections",
            "%", "%zz", "&", "=", "#", "\u0000")),
        (3, Gen.OneOfConst(
            "name", "id", "status", "created", "platformName", "sourceType", "integrationId", "dataConnections.status", "tags.region", "lastSync", "unknown",
            "=", "!=", "~", ">", "<", ">=", "<=", "&&", "||", "{", "}", "Linked", "Unlinked", "Accounting", "2024-01-01", "2024-13-45T25:61:00Z",
            "abc", " ", "'", "\"", "\\", "(", ")", "*", "null", "999999999999999999999999", ".", "..", "-", "a b", "%", "é")
            .Array[0, 14].Select(tokens => string.Concat(tokens))),
        (2, Gen.String[0, 30]));

    /// <summary>A JSON string literal for any text, lone surrogates included (as \u escapes).</summary>
    private static string JsonString(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (c < ' ' || c == '"' || c == '\\' || char.IsSurrogate(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }
}
