-- Seed 000's table and its row, made once when the primary's volume is new.
CREATE TABLE test (id int PRIMARY KEY, name text);
INSERT INTO test VALUES (1, 'test');
