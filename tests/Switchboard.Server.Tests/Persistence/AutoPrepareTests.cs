using Npgsql;
using Switchboard.Server.Persistence;
using Xunit;

namespace Switchboard.Server.Tests.Persistence;

public sealed class AutoPrepareTests
{
    [Fact]
    public void Without_A_Setting_PostgreSQL_Connections_Prepare_Their_Most_Used_Statements() =>
        Assert.Equal(64, new NpgsqlConnectionStringBuilder(PersistenceExtensions.WithAutoPrepare("Host=db;Username=s")).MaxAutoPrepare);

    [Theory]
    [InlineData("Host=db;Username=s;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Username=s;MaxAutoPrepare=5", 5)]
    public void The_Operators_Own_Setting_Is_Kept_However_It_Is_Spelled(string connectionString, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(PersistenceExtensions.WithAutoPrepare(connectionString)).MaxAutoPrepare);
}
