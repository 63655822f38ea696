namespace Switchboard.Query.Tests.Model;

/// <summary>Schemas registered like the server registers its resources.</summary>
public static class TestSchemas
{
    public static QuerySchema<TestConnection> Connection { get; } = new QuerySchema<TestConnection>("Connection")
        .Property("id", c => c.Id)
        .Property("companyId", c => c.CompanyId)
        .Property("integrationId", c => c.IntegrationId)
        .Property("integrationKey", c => c.IntegrationKey)
        .Property("sourceId", c => c.SourceId)
        .Property("sourceType", c => c.SourceType)
        .Property("platformName", c => c.PlatformName)
        .Property("status", c => c.Status)
        .Property("created", c => c.Created)
        .Property("lastSync", c => c.LastSync)
        .DefaultOrder("created", "id");

    public static QuerySchema<TestCompany> Company { get; } = new QuerySchema<TestCompany>("Company")
        .Property("id", c => c.Id)
        .Property("name", c => c.Name)
        .Property("description", c => c.Description, sortable: false)
        .Property("created", c => c.Created)
        .Property("employees", c => c.Employees)
        .Property("revenue", c => c.Revenue)
        .Property("isSandbox", c => c.IsSandbox)
        .Property("score", c => c.Score)
        .Collection("dataConnections", c => c.Connections, Connection)
        .DefaultOrder("created", "id");

    public static QuerySchema<AllTypes> AllTypes { get; } = new QuerySchema<AllTypes>("AllTypes")
        .Property("text", x => x.Text)
        .Property("optionalText", x => x.OptionalText)
        .Property("guid", x => x.Guid)
        .Property("optionalGuid", x => x.OptionalGuid)
        .Property("flag", x => x.Flag)
        .Property("optionalFlag", x => x.OptionalFlag)
        .Property("status", x => x.Status)
        .Property("optionalStatus", x => x.OptionalStatus)
        .Property("byte", x => x.Byte)
        .Property("short", x => x.Short)
        .Property("int", x => x.Int)
        .Property("optionalInt", x => x.OptionalInt)
        .Property("uint", x => x.UInt)
        .Property("long", x => x.Long)
        .Property("ulong", x => x.ULong)
        .Property("float", x => x.Float)
        .Property("double", x => x.Double)
        .Property("decimal", x => x.Decimal)
        .Property("optionalDecimal", x => x.OptionalDecimal)
        .Property("date", x => x.Date)
        .Property("optionalDate", x => x.OptionalDate)
        .Property("offset", x => x.Offset)
        .Property("optionalOffset", x => x.OptionalOffset)
        .Collection("items", x => x.Items, Connection)
        .DefaultOrder("int");
}
