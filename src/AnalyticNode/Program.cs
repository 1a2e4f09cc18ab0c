// The analytic node is built under issue #3; until then this entry point only says so.
Console.Error.WriteLine("HtapRouter.AnalyticNode is not implemented yet (issue #3).");
return 1;
