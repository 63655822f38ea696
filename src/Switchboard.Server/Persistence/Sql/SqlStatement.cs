using System.Data.Common;

namespace Switchboard.Server.Persistence.Sql;

/// <summary>
/// A hand-written statement with named parameters (<c>@name</c>, understood by both providers). Statements are
/// static and compared by reference, so a pooled connection can keep each one prepared.
/// </summary>
internal sealed class SqlStatement(string text, params string[] parameterNames)
{
    public string Text { get; } = text;

    public IReadOnlyList<string> ParameterNames { get; } = parameterNames;

    /// <summary>A new command for this statement on <paramref name="connection"/>, its parameters created and unset.</summary>
    public DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = Text;
        command.Transaction = transaction;
        foreach (var name in ParameterNames)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
