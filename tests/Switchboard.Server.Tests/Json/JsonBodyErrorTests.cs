using System.Text;
using System.Text.Json;
using Switchboard.Server.Errors;
using Switchboard.Server.Json;
using Xunit;

namespace Switchboard.Server.Tests.Json;

/// <summary>
/// Each kind of malformed body is told apart by the exception's data and the reader, not by its message text:
/// the kind, and the exact 400 message a client gets.
/// </summary>
public sealed class JsonBodyErrorTests
{
    private const string Required = "A JSON object request body is required.";

    public static TheoryData<string, string, string> CompanyBodies => new()
    {
        { "", nameof(JsonBodyProblem.Missing), Required },
        { " \r\n\t ", nameof(JsonBodyProblem.Missing), Required },
        { """{"name":}""", nameof(JsonBodyProblem.InvalidSyntax), "The request body is not valid JSON (line 1, position 9)." },
        { "{'name':'Acme'}", nameof(JsonBodyProblem.InvalidSyntax), "The request body is not valid JSON (line 1, position 2)." },
        { """{"name":"Acme",}""", nameof(JsonBodyProblem.InvalidSyntax), "The request body is not valid JSON (line 1, position 16)." },
        { """/* comment */ {"name":"Acme"}""", nameof(JsonBodyProblem.InvalidSyntax), "The request body is not valid JSON (line 1, position 1)." },
        { "not json at all", nameof(JsonBodyProblem.InvalidSyntax), "The request body is not valid JSON (line 1, position 2)." },
        { """{"name":tru}""", nameof(JsonBodyProblem.InvalidSyntax), "The request body is not valid JSON (line 1, position 12)." },
        { """{"name":"Acme"} {}""", nameof(JsonBodyProblem.TrailingData), "The request body is not valid JSON (line 1, position 17): there is more after the JSON value." },
        { "{\"name\":\"Acme\"}\n\n x", nameof(JsonBodyProblem.TrailingData), "The request body is not valid JSON (line 3, position 2): there is more after the JSON value." },
        { "{", nameof(JsonBodyProblem.Truncated), "The request body is not valid JSON (line 1, position 2): it ends before the JSON value does." },
        { """{"name":"Ac""", nameof(JsonBodyProblem.Truncated), "The request body is not valid JSON (line 1, position 12): it ends before the JSON value does." },
        { """{"name":"Acme" """, nameof(JsonBodyProblem.Truncated), "The request body is not valid JSON (line 1, position 16): it ends before the JSON value does." },
        { "{\"name\":\"Acme\",\n  ", nameof(JsonBodyProblem.Truncated), "The request body is not valid JSON (line 2, position 3): it ends before the JSON value does." },
        { """{"name":tru""", nameof(JsonBodyProblem.Truncated), "The request body is not valid JSON (line 1, position 12): it ends before the JSON value does." },
        { """{"zzz":""" + new string('[', 64) + new string(']', 64) + "}", nameof(JsonBodyProblem.TooDeep), "The request body is nested too deeply (more than 16 levels)." },
        { """{"zzz":""" + new string('[', 20_000), nameof(JsonBodyProblem.TooDeep), "The request body is nested too deeply (more than 16 levels)." },
        { "[]", nameof(JsonBodyProblem.NotAnObject), "The request body has the wrong shape at line 1, position 2: expected a JSON object." },
        { "\"text\"", nameof(JsonBodyProblem.NotAnObject), "The request body has the wrong shape at line 1, position 7: expected a JSON object." },
        { "12", nameof(JsonBodyProblem.NotAnObject), "The request body has the wrong shape at line 1, position 3: expected a JSON object." },
        { """{"name":5}""", nameof(JsonBodyProblem.WrongType), "The request body field 'name' has the wrong type (line 1, position 10)." },
        { """{"name":["Acme"]}""", nameof(JsonBodyProblem.WrongType), "The request body field 'name' has the wrong type (line 1, position 10)." },
        { """{"tags":[]}""", nameof(JsonBodyProblem.WrongType), "The request body field 'tags' has the wrong type (line 1, position 10)." },
        { "{\n  \"tags\": {\"region\": 1}\n}", nameof(JsonBodyProblem.WrongType), "The request body field 'tags.region' has the wrong type (line 2, position 23)." },
    };

    [Theory]
    [MemberData(nameof(CompanyBodies))]
    public void Classify_MalformedCompanyBody_TellsWhatIsWrongAndWhere(string body, string problem, string message)
    {
        var bytes = Encoding.UTF8.GetBytes(body);

        var error = Classify(bytes);

        Assert.Equal(problem, error.Problem.ToString());
        Assert.Equal(message, error.Message);
        Assert.Equal(message, Assert.Throws<ApiException>(() => RequestJson.Deserialize(bytes, WireJson.Context.CompanyBody)).Message);
    }

    [Fact]
    public void Classify_BytesThatAreNotUtf8_SaysSoRatherThanWrongType()
    {
        byte[] body = [.. "{\"name\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}"u8];

        Assert.Equal(JsonBodyProblem.NotUtf8, Classify(body).Problem);
    }

    [Fact]
    public void Deserialize_JsonNull_IsAMissingBody()
    {
        var error = Assert.Throws<ApiException>(() => RequestJson.Deserialize("null"u8, WireJson.Context.CompanyBody));

        Assert.Equal(Required, error.Message);
    }

    [Fact]
    public void Deserialize_UnknownAndRepeatedFields_AreNotErrors_TheLastValueWins()
    {
        var body = RequestJson.Deserialize("""{"name":"First","colour":"red","name":"Acme"}"""u8, WireJson.Context.CompanyBody);

        Assert.Equal("Acme", body.Name);
    }

    [Fact]
    public void Classify_NestedValueInAFlatMap_IsTheWrongTypeBeforeItIsTooDeep()
    {
        var body = Encoding.UTF8.GetBytes("""{"zzz":""" + new string('[', 64) + new string(']', 64) + "}");

        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(body, WireJson.Context.DictionaryStringString));

        var error = JsonBodyError.Classify(body, exception);
        Assert.Equal((JsonBodyProblem.WrongType, "zzz"), (error.Problem, error.Field));
    }

    private static JsonBodyError Classify(byte[] body)
    {
        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(body, WireJson.Context.CompanyBody));
        return JsonBodyError.Classify(body, exception);
    }
}
