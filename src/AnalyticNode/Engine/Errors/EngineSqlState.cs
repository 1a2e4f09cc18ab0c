namespace HtapRouter.AnalyticNode.Engine.Errors;

/// <summary>SQLSTATEs the engine reports that PgWire's <c>SqlState</c> does not list (PostgreSQL appendix A).</summary>
internal static class EngineSqlState
{
    public const string SyntaxErrorOrAccessRuleViolation = "42000";
    public const string DuplicateObject = "42710";
    public const string InvalidSchemaName = "3F000";
    public const string IntegrityConstraintViolation = "23000";
    public const string ObjectNotInPrerequisiteState = "55000";
}
