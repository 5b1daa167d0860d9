"""The typed objects every stage passes: Brief, Post/Section/Outline, events, reports."""
