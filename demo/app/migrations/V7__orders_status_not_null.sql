-- Sets NOT NULL on a busy table: a full scan under an ACCESS EXCLUSIVE lock.
ALTER TABLE orders ALTER COLUMN status SET NOT NULL;
UPDATE orders SET status = 'pending' WHERE status IS NULL;
