import * as assert from "node:assert/strict";
import { spannerSchemaDdl } from "../../../components/deployment/spanner-schema";

/**
 * Every statement a released version put in a Spanner database, in order. The provider runs
 * statements appended to `ddls` as an update and recreates the database (its data lost) when an
 * earlier one changes, so this list may only grow: add the new statements at its end.
 */
const RELEASED = [
  "CREATE TABLE Claims (Id STRING(128) NOT NULL, State STRING(8) NOT NULL, Result STRING(MAX), ExpiresAt TIMESTAMP NOT NULL) PRIMARY KEY (Id), ROW DELETION POLICY (OLDER_THAN(ExpiresAt, INTERVAL 0 DAY))",
  "ALTER TABLE Claims ADD COLUMN Digest STRING(MAX)",
  "CREATE TABLE Positions (Portfolio STRING(64) NOT NULL, Symbol STRING(21) NOT NULL, Quantity FLOAT64 NOT NULL, LastFill FLOAT64 NOT NULL, Ts INT64 NOT NULL) PRIMARY KEY (Portfolio, Symbol)",
  "CREATE TABLE PortfolioEvents (Portfolio STRING(64) NOT NULL, EventId STRING(64) NOT NULL, Symbol STRING(21) NOT NULL, QuantityDelta FLOAT64 NOT NULL, Price FLOAT64 NOT NULL, Ts INT64 NOT NULL) PRIMARY KEY (Portfolio, EventId)",
  "CREATE TABLE OptionDefinitions (Symbol STRING(21) NOT NULL, Underlying STRING(21) NOT NULL, OptionRight STRING(4) NOT NULL, Strike FLOAT64 NOT NULL, Expiry INT64 NOT NULL, Volatility FLOAT64 NOT NULL, Multiplier INT64 NOT NULL) PRIMARY KEY (Symbol)",
  "CREATE TABLE AccountHistories (Account STRING(64) NOT NULL, History STRING(MAX) NOT NULL, UpdatedAt TIMESTAMP NOT NULL) PRIMARY KEY (Account), ROW DELETION POLICY (OLDER_THAN(UpdatedAt, INTERVAL 90 DAY))",
];

describe("components/deployment/spanner-schema", () => {
  it("keeps every released statement, unchanged and in order, at the start of the schema", () => {
    assert.deepEqual(spannerSchemaDdl().slice(0, RELEASED.length), RELEASED);
  });

  it("adds nothing unreleased: a new statement is appended to RELEASED with the code that needs it", () => {
    assert.equal(spannerSchemaDdl().length, RELEASED.length);
  });
});
