-- 0006: company names in one form (crm_shared::formats::company_name): the server now keeps
-- round brackets full-width, as Chinese company names are registered, so that 苏州甲乙(集团)
-- and 苏州甲乙（集团） are one name to the duplicate-name warning. Names saved before get the
-- same brackets. The binary collation finds the ASCII brackets alone: Chinese_PRC_CI_AS does
-- not tell full-width from half-width.
UPDATE customers
   SET name = REPLACE(REPLACE(name COLLATE Chinese_PRC_BIN2, N'(', N'（'), N')', N'）')
 WHERE CHARINDEX(N'(', name COLLATE Chinese_PRC_BIN2) > 0
    OR CHARINDEX(N')', name COLLATE Chinese_PRC_BIN2) > 0;

UPDATE opportunities
   SET customer_name = REPLACE(REPLACE(customer_name COLLATE Chinese_PRC_BIN2, N'(', N'（'),
                               N')', N'）')
 WHERE CHARINDEX(N'(', customer_name COLLATE Chinese_PRC_BIN2) > 0
    OR CHARINDEX(N')', customer_name COLLATE Chinese_PRC_BIN2) > 0;
